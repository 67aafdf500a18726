# Autodiff study: the questions of 000 section 1, 001 section 1, 002 parts 1, 2 and 4 and
# 004 problem 4 about what PyTorch's autograd returns (and the CNN questions of 002 part 4,
# measured on torch). Every job takes seconds on the CPU, so all are localrules: they
# never go to SLURM.

from sgdlab.studies.autodiff import (
    CNN_TABLES as AUTODIFF_CNN_TABLES,
    FIGURES as AUTODIFF_FIGURE_NAMES,
    FUNCTION_FIGURES as AUTODIFF_FUNCTION_FIGURES,
    TABLES as AUTODIFF_TABLES,
)
from sgdlab.studies.autodiff.settings import AnswerSettings, FigureSettings

AUTODIFF = config["autodiff"]
AUTODIFF_FIGURES = "results/figures/autodiff"
AUTODIFF_STEP_TRAINING = "results/runs/autodiff/step_training.csv"
AUTODIFF_CATEGORY = "Autodiff questions (000 section 1, 001 section 1, 002 parts 1-2 and 4, 004 problem 4)"


localrules:
    autodiff_figures,
    autodiff_step_training,
    autodiff_step_training_figure,
    autodiff_answers,
    autodiff_nondifferentiable,


FINAL_TARGETS += expand(
    f"{AUTODIFF_FIGURES}/{{name}}.{{ext}}",
    name=AUTODIFF_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += [f"results/tables/{name}" for name in AUTODIFF_TABLES]


rule autodiff_figures:
    output:
        **{
            f"{name}_png": report(
                f"{AUTODIFF_FIGURES}/{name}.png",
                caption=f"../report/autodiff/figures/{name}.rst",
                category=AUTODIFF_CATEGORY,
                subcategory="Figures",
                labels={"study": "autodiff", "figure": name},
            )
            for name in AUTODIFF_FUNCTION_FIGURES
        },
        **{
            f"{name}_pdf": f"{AUTODIFF_FIGURES}/{name}.pdf"
            for name in AUTODIFF_FUNCTION_FIGURES
        },
    log:
        "results/logs/autodiff/figures.log",
    conda:
        "../../envs/sgdlab.yaml"
    # Only the keys the figures read (functions and plotted ranges), not the whole section.
    params:
        **FigureSettings.params(AUTODIFF),
        figure="functions",
    script:
        "../../scripts/autodiff/figure.py"


rule autodiff_step_training:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        AUTODIFF_STEP_TRAINING,
    log:
        "results/logs/autodiff/step_training.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        training=AUTODIFF["step_training"],
    script:
        "../../scripts/autodiff/train.py"


rule autodiff_step_training_figure:
    input:
        AUTODIFF_STEP_TRAINING,
    output:
        png=report(
            f"{AUTODIFF_FIGURES}/step_training.png",
            caption="../report/autodiff/step_training.rst",
            category=AUTODIFF_CATEGORY,
            subcategory="Figures",
            labels={"study": "autodiff", "figure": "step_training"},
        ),
        pdf=f"{AUTODIFF_FIGURES}/step_training.pdf",
    log:
        "results/logs/autodiff/figure_step_training.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        figure="step_training",
        classes=AUTODIFF["step_training"]["classes"],
    script:
        "../../scripts/autodiff/figure.py"


# Besides the answers table, the tables of 002 part 4: pooling cost (2d), one layer against
# stride (2c), receptive field (1b).
rule autodiff_answers:
    input:
        AUTODIFF_STEP_TRAINING,
    output:
        **{
            name: report(
                f"results/tables/{table}",
                caption=f"../report/autodiff/{name}.rst",
                category=AUTODIFF_CATEGORY,
                subcategory="Answers",
                labels={"study": "autodiff", "table": name.replace("_", " ")},
            )
            for name, table in AUTODIFF_CNN_TABLES.items()
        },
        table=report(
            "results/tables/autodiff_answers.csv",
            caption="../report/autodiff/answers.rst",
            category=AUTODIFF_CATEGORY,
            subcategory="Answers",
            labels={"study": "autodiff", "table": "answers"},
        ),
        markdown="results/tables/autodiff_answers.md",
    log:
        "results/logs/autodiff/answers.log",
    conda:
        "../../envs/sgdlab.yaml"
    # Only the keys the answers read (functions, quiz points, module g_T, CNN questions).
    params:
        **AnswerSettings.params(AUTODIFF),
        table="answers",
    script:
        "../../scripts/autodiff/table.py"


rule autodiff_nondifferentiable:
    output:
        report(
            "results/tables/autodiff_nondifferentiable.csv",
            caption="../report/autodiff/nondifferentiable.rst",
            category=AUTODIFF_CATEGORY,
            subcategory="Answers",
            labels={"study": "autodiff", "table": "non-differentiable points"},
        ),
    log:
        "results/logs/autodiff/nondifferentiable.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        table="nondifferentiable",
    script:
        "../../scripts/autodiff/table.py"

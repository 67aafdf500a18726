# Autodiff study: the questions of 000 section 1, 001 section 1, 002 parts 1, 2 and 4 and
# 004 problem 4 about what PyTorch's autograd returns. Every job takes seconds on the CPU,
# so all are localrules: they never go to SLURM.

AD = config["autodiff"]
AD_FIGURES = "results/figures/autodiff"
AD_FIGURE_NAMES = [
    "jump_discontinuity",
    "square_two_ways",
    "halving_loop",
    "step_function",
    "sigmoid",
    "chain_rule",
    "soft_threshold",
    "sign_two_ways",
]
AD_CATEGORY = "Autodiff questions (000 section 1, 001 section 1, 002 parts 1-2 and 4, 004 problem 4)"


localrules:
    autodiff_figures,
    autodiff_step_training,
    autodiff_step_training_figure,
    autodiff_answers,
    autodiff_nondifferentiable,


FINAL_TARGETS += expand(
    f"{AD_FIGURES}/{{name}}.{{ext}}",
    name=AD_FIGURE_NAMES + ["step_training"],
    ext=["png", "pdf"],
)
FINAL_TARGETS += [
    "results/tables/autodiff_answers.csv",
    "results/tables/autodiff_answers.md",
    "results/tables/autodiff_nondifferentiable.csv",
]


rule autodiff_figures:
    output:
        **{
            f"{name}_png": report(
                f"{AD_FIGURES}/{name}.png",
                caption=f"../report/autodiff/figures/{name}.rst",
                category=AD_CATEGORY,
                subcategory="Figures",
                labels={"study": "autodiff", "figure": name},
            )
            for name in AD_FIGURE_NAMES
        },
        **{f"{name}_pdf": f"{AD_FIGURES}/{name}.pdf" for name in AD_FIGURE_NAMES},
    log:
        "results/logs/autodiff/figures.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        settings=AD,
    script:
        "../../scripts/autodiff/figures.py"


rule autodiff_step_training:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        "results/metrics/autodiff_step_training.csv",
    log:
        "results/logs/autodiff/step_training.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        training=AD["step_training"],
    script:
        "../../scripts/autodiff/step_training.py"


rule autodiff_step_training_figure:
    input:
        "results/metrics/autodiff_step_training.csv",
    output:
        png=report(
            f"{AD_FIGURES}/step_training.png",
            caption="../report/autodiff/step_training.rst",
            category=AD_CATEGORY,
            subcategory="Figures",
            labels={"study": "autodiff", "figure": "step_training"},
        ),
        pdf=f"{AD_FIGURES}/step_training.pdf",
    log:
        "results/logs/autodiff/figure_step_training.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        classes=AD["step_training"]["classes"],
    script:
        "../../scripts/autodiff/step_training_figure.py"


rule autodiff_answers:
    input:
        "results/metrics/autodiff_step_training.csv",
    output:
        table=report(
            "results/tables/autodiff_answers.csv",
            caption="../report/autodiff/answers.rst",
            category=AD_CATEGORY,
            subcategory="Answers",
            labels={"study": "autodiff", "table": "answers"},
        ),
        markdown="results/tables/autodiff_answers.md",
    log:
        "results/logs/autodiff/answers.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        settings=AD,
    script:
        "../../scripts/autodiff/answers.py"


rule autodiff_nondifferentiable:
    output:
        report(
            "results/tables/autodiff_nondifferentiable.csv",
            caption="../report/autodiff/nondifferentiable.rst",
            category=AD_CATEGORY,
            subcategory="Answers",
            labels={"study": "autodiff", "table": "non-differentiable points"},
        ),
    log:
        "results/logs/autodiff/nondifferentiable.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/autodiff/nondifferentiable.py"

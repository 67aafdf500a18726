# Linear regression study (001_d450d758804f5c5c.txt, section 2): minibatch SGD on a line
# with MSE (2.1-2.2), the 80:10:10 split with per-epoch losses and early stopping (2.3-2.4),
# and momentum (2.5, with every candidate list of the question trained and judged). The
# document's X.pt and y.pt are not supplied: a seeded line is
# generated unless linear_regression.data names a directory with the user's own files,
# which the study's jobs then read directly.
# Every job takes about a second on one CPU core, so all are localrules.

from sgdlab.studies.linear_regression import (
    EXPERIMENTS as LINEAR_REGRESSION_EXPERIMENTS,
    FIGURE_SOURCES as LINEAR_REGRESSION_FIGURE_SOURCES,
    FIGURES as LINEAR_REGRESSION_FIGURE_NAMES,
    TABLES as LINEAR_REGRESSION_TABLES,
)

LINEAR_REGRESSION = config["linear_regression"]
# The user's directory when linear_regression.data names one (each job loads and checks
# the files itself, so a bad file stops every job that reads it), else the generated set.
LINEAR_REGRESSION_DATA = LINEAR_REGRESSION["data"] or "results/data/linear_regression"
LINEAR_REGRESSION_XY = {
    "x": f"{LINEAR_REGRESSION_DATA}/X.pt",
    "y": f"{LINEAR_REGRESSION_DATA}/y.pt",
}
LINEAR_REGRESSION_RUNS = "results/runs/linear_regression"
LINEAR_REGRESSION_FIGURES = "results/figures/linear_regression"
LINEAR_REGRESSION_CATEGORY = "Linear regression (001, section 2)"
LINEAR_REGRESSION_SPLIT = LINEAR_REGRESSION["split_random_state"]
# SGDSettings of each experiment; momentum 0 here (2.5 sets its own per run).
LINEAR_REGRESSION_SGD = {
    name: {
        "batch_size": LINEAR_REGRESSION[name]["batch_size"],
        "lr": LINEAR_REGRESSION[name]["lr"],
        "epochs": LINEAR_REGRESSION[name]["epochs"],
        "momentum": 0.0,
        "seed": LINEAR_REGRESSION["shuffle_seed"],
    }
    for name in LINEAR_REGRESSION_EXPERIMENTS
}
LINEAR_REGRESSION_MOMENTUM = LINEAR_REGRESSION["momentum"]
# The figures of runs on the split draw its least-squares levels: they read random_state;
# the momentum figures also their μ (the config's list, or every candidate list).
LINEAR_REGRESSION_FIGURE_SETTINGS = {
    name: {} if source == "whole_set" else {"random_state": LINEAR_REGRESSION_SPLIT}
    for name, source in LINEAR_REGRESSION_FIGURE_SOURCES.items()
}
LINEAR_REGRESSION_FIGURE_SETTINGS["momentum"]["momenta"] = LINEAR_REGRESSION_MOMENTUM[
    "values"
]
LINEAR_REGRESSION_FIGURE_SETTINGS["momentum_candidates"]["candidates"] = (
    LINEAR_REGRESSION_MOMENTUM["candidates"]
)


localrules:
    linear_regression_data,
    linear_regression_whole_set,
    linear_regression_split,
    linear_regression_momentum,
    linear_regression_answers,
    linear_regression_figures,


FINAL_TARGETS += expand(
    f"{LINEAR_REGRESSION_FIGURES}/{{name}}.{{ext}}",
    name=LINEAR_REGRESSION_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += [f"results/tables/{name}" for name in LINEAR_REGRESSION_TABLES]
COMPUTE_JOBS += [
    (
        f"linear_regression_{name}",
        name.replace("_", " "),
        f"results/benchmarks/linear_regression/{name}.tsv",
    )
    for name in LINEAR_REGRESSION_EXPERIMENTS
]


rule linear_regression_data:
    output:
        x="results/data/linear_regression/X.pt",
        y="results/data/linear_regression/y.pt",
    log:
        "results/logs/linear_regression/data.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        generate=LINEAR_REGRESSION["generate"],
    script:
        "../../scripts/linear_regression/data.py"


rule linear_regression_whole_set:
    input:
        **LINEAR_REGRESSION_XY,
    output:
        f"{LINEAR_REGRESSION_RUNS}/whole_set.csv",
    log:
        "results/logs/linear_regression/whole_set.log",
    benchmark:
        "results/benchmarks/linear_regression/whole_set.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: 1
    resources:
        gpu=0,
    params:
        experiment="whole_set",
        sgd=LINEAR_REGRESSION_SGD["whole_set"],
    script:
        "../../scripts/linear_regression/train.py"


rule linear_regression_split:
    input:
        **LINEAR_REGRESSION_XY,
    output:
        f"{LINEAR_REGRESSION_RUNS}/split.csv",
    log:
        "results/logs/linear_regression/split.log",
    benchmark:
        "results/benchmarks/linear_regression/split.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: 1
    resources:
        gpu=0,
    params:
        experiment="split",
        sgd=LINEAR_REGRESSION_SGD["split"],
        random_state=LINEAR_REGRESSION_SPLIT,
    script:
        "../../scripts/linear_regression/train.py"


rule linear_regression_momentum:
    input:
        **LINEAR_REGRESSION_XY,
    output:
        f"{LINEAR_REGRESSION_RUNS}/momentum.csv",
    log:
        "results/logs/linear_regression/momentum.log",
    benchmark:
        "results/benchmarks/linear_regression/momentum.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: 1
    resources:
        gpu=0,
    params:
        experiment="momentum",
        sgd=LINEAR_REGRESSION_SGD["momentum"],
        momenta=LINEAR_REGRESSION_MOMENTUM["values"],
        candidates=LINEAR_REGRESSION_MOMENTUM["candidates"],
        random_state=LINEAR_REGRESSION_SPLIT,
    script:
        "../../scripts/linear_regression/train.py"


rule linear_regression_answers:
    input:
        **LINEAR_REGRESSION_XY,
        **{
            name: f"{LINEAR_REGRESSION_RUNS}/{name}.csv"
            for name in LINEAR_REGRESSION_EXPERIMENTS
        },
    output:
        table=report(
            "results/tables/linear_regression.csv",
            caption="../report/linear_regression/table.rst",
            category=LINEAR_REGRESSION_CATEGORY,
            subcategory="Answers",
            labels={"study": "linear regression", "table": "answers"},
        ),
        markdown="results/tables/linear_regression.md",
        candidates=report(
            "results/tables/linear_regression_momentum_candidates.csv",
            caption="../report/linear_regression/momentum_candidates_table.rst",
            category=LINEAR_REGRESSION_CATEGORY,
            subcategory="Answers",
            labels={"study": "linear regression", "table": "momentum candidates"},
        ),
    log:
        "results/logs/linear_regression/answers.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        random_state=LINEAR_REGRESSION_SPLIT,
        momenta=LINEAR_REGRESSION_MOMENTUM["values"],
        candidates=LINEAR_REGRESSION_MOMENTUM["candidates"],
    script:
        "../../scripts/linear_regression/table.py"


# Every figure of 001 §2 in one job (each is a second of drawing): each reads its
# experiment's metrics and the points (LINEAR_REGRESSION_FIGURE_SOURCES).
rule linear_regression_figures:
    input:
        **LINEAR_REGRESSION_XY,
        **{
            source: f"{LINEAR_REGRESSION_RUNS}/{source}.csv"
            for source in set(LINEAR_REGRESSION_FIGURE_SOURCES.values())
        },
    output:
        **{
            f"{name}_png": report(
                f"{LINEAR_REGRESSION_FIGURES}/{name}.png",
                caption=f"../report/linear_regression/{name}.rst",
                category=LINEAR_REGRESSION_CATEGORY,
                subcategory="Figures",
                labels={"study": "linear regression", "figure": name},
            )
            for name in LINEAR_REGRESSION_FIGURE_NAMES
        },
        **{
            f"{name}_pdf": f"{LINEAR_REGRESSION_FIGURES}/{name}.pdf"
            for name in LINEAR_REGRESSION_FIGURE_NAMES
        },
    log:
        "results/logs/linear_regression/figures.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        sources=LINEAR_REGRESSION_FIGURE_SOURCES,
        settings=LINEAR_REGRESSION_FIGURE_SETTINGS,
    script:
        "../../scripts/linear_regression/figure.py"

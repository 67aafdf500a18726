# Linear regression study (001_d450d758804f5c5c.txt, section 2): minibatch SGD on a line
# with MSE (2.1-2.2), the 80:10:10 split with per-epoch losses and early stopping (2.3-2.4),
# and momentum (2.5). The document's X.pt and y.pt are not supplied: a seeded line is
# generated unless linear_regression.data names a directory with the user's own files,
# which the study's jobs then read directly.
# Every job takes about a second on one CPU core, so all are localrules.

LINREG = config["linear_regression"]
# The user's directory when linear_regression.data names one (each job loads and checks
# the files itself, so a bad file stops every job that reads it), else the generated set.
LINREG_DATA = LINREG["data"] or "results/data/linear_regression"
LINREG_METRICS = "results/metrics/linear_regression"
LINREG_FIGURES = "results/figures/linear_regression"
LINREG_CATEGORY = "Linear regression (001, section 2)"
# Figure -> the experiment whose per-update or per-epoch metrics it draws.
LINREG_FIGURE_SOURCES = {
    "learning_curve": "whole_set",
    "train_val_loss": "split",
    "momentum": "momentum",
}
LINREG_EXPERIMENTS = ["whole_set", "split", "momentum"]
# TrainSpec fields of each experiment; mu = 0 here (2.5 sets its own mu per run).
LINREG_SPECS = {
    name: {
        "batch_size": LINREG[name]["batch_size"],
        "lr": LINREG[name]["lr"],
        "epochs": LINREG[name]["epochs"],
        "momentum": 0.0,
        "seed": LINREG["shuffle_seed"],
    }
    for name in LINREG_EXPERIMENTS
}


localrules:
    linear_regression_data,
    linear_regression_whole_set,
    linear_regression_split,
    linear_regression_momentum,
    linear_regression_answers,
    linear_regression_figure,


FINAL_TARGETS += expand(
    f"{LINREG_FIGURES}/{{name}}.{{ext}}",
    name=list(LINREG_FIGURE_SOURCES),
    ext=["png", "pdf"],
)
FINAL_TARGETS += [
    "results/tables/linear_regression.csv",
    "results/tables/linear_regression.md",
]
COMPUTE_JOBS += [
    (
        f"linear_regression_{name}",
        name.replace("_", " "),
        f"results/benchmarks/linear_regression/{name}.tsv",
    )
    for name in LINREG_EXPERIMENTS
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
        generate=LINREG["generate"],
    script:
        "../../scripts/linear_regression/data.py"


rule linear_regression_whole_set:
    input:
        x=f"{LINREG_DATA}/X.pt",
        y=f"{LINREG_DATA}/y.pt",
    output:
        f"{LINREG_METRICS}/whole_set.csv",
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
        spec=LINREG_SPECS["whole_set"],
    script:
        "../../scripts/linear_regression/whole_set.py"


rule linear_regression_split:
    input:
        x=f"{LINREG_DATA}/X.pt",
        y=f"{LINREG_DATA}/y.pt",
    output:
        f"{LINREG_METRICS}/split.csv",
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
        spec=LINREG_SPECS["split"],
        random_state=LINREG["split_random_state"],
    script:
        "../../scripts/linear_regression/split.py"


rule linear_regression_momentum:
    input:
        x=f"{LINREG_DATA}/X.pt",
        y=f"{LINREG_DATA}/y.pt",
    output:
        f"{LINREG_METRICS}/momentum.csv",
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
        spec=LINREG_SPECS["momentum"],
        momenta=LINREG["momentum"]["values"],
        random_state=LINREG["split_random_state"],
    script:
        "../../scripts/linear_regression/momentum.py"


rule linear_regression_answers:
    input:
        x=f"{LINREG_DATA}/X.pt",
        y=f"{LINREG_DATA}/y.pt",
        whole_set=f"{LINREG_METRICS}/whole_set.csv",
        split=f"{LINREG_METRICS}/split.csv",
        momentum=f"{LINREG_METRICS}/momentum.csv",
    output:
        table=report(
            "results/tables/linear_regression.csv",
            caption="../report/linear_regression/table.rst",
            category=LINREG_CATEGORY,
            subcategory="Answers",
            labels={"study": "linear regression", "table": "answers"},
        ),
        markdown="results/tables/linear_regression.md",
    log:
        "results/logs/linear_regression/answers.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        random_state=LINREG["split_random_state"],
    script:
        "../../scripts/linear_regression/answers.py"


rule linear_regression_figure:
    input:
        x=f"{LINREG_DATA}/X.pt",
        y=f"{LINREG_DATA}/y.pt",
        metrics=lambda wc: f"{LINREG_METRICS}/{LINREG_FIGURE_SOURCES[wc.name]}.csv",
    output:
        png=report(
            f"{LINREG_FIGURES}/{{name}}.png",
            caption="../report/linear_regression/figure.rst",
            category=LINREG_CATEGORY,
            subcategory="Figures",
            labels={"study": "linear regression", "figure": "{name}"},
        ),
        pdf=f"{LINREG_FIGURES}/{{name}}.pdf",
    log:
        "results/logs/linear_regression/figure_{name}.log",
    wildcard_constraints:
        name="|".join(LINREG_FIGURE_SOURCES),
    conda:
        "../../envs/sgdlab.yaml"
    params:
        random_state=LINREG["split_random_state"],
    script:
        "../../scripts/linear_regression/figure.py"

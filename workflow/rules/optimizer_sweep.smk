# Optimizer sweep (003_60588305cd3a2728.txt, questions 11-12): the PyTorch tutorial's CNN
# (LeNet) on the FashionMNIST subsample. A plain-SGD grid of learning rate x batch size,
# each run trained for the largest epoch count and read at every epoch count of the grid;
# then the best setting's batch size and epochs with momentum, Adam and AdamW.

from sgdlab.studies.optimizer_sweep import (
    FIGURES as OPTIMIZER_SWEEP_FIGURE_NAMES,
    TABLES as OPTIMIZER_SWEEP_TABLE_NAMES,
)

OPTIMIZER_SWEEP = config["optimizer_sweep"]
OPTIMIZER_SWEEP_RUNS = "results/runs/optimizer_sweep"
OPTIMIZER_SWEEP_FIGURES = "results/figures/optimizer_sweep"
# Table path by its file name (optimizer_sweep.csv, optimizer_sweep.md).
OPTIMIZER_SWEEP_TABLES = {
    name: f"results/tables/{name}" for name in OPTIMIZER_SWEEP_TABLE_NAMES
}
# Question 11's answer, which question 12's runs train with.
OPTIMIZER_SWEEP_BEST = "results/metrics/optimizer_sweep_best_sgd_setting.json"
OPTIMIZER_SWEEP_CATEGORY = "Optimizer sweep (003, questions 11-12)"
OPTIMIZER_SWEEP_LRS = [f"{lr:g}" for lr in OPTIMIZER_SWEEP["lrs"]]
OPTIMIZER_SWEEP_SGD_RUNS = expand(
    f"{OPTIMIZER_SWEEP_RUNS}/sgd_lr{{lr}}_B{{batch_size}}/metrics.csv",
    lr=OPTIMIZER_SWEEP_LRS,
    batch_size=OPTIMIZER_SWEEP["batch_sizes"],
)


localrules:
    optimizer_sweep_best,
    optimizer_sweep_aggregate,
    optimizer_sweep_figure,


FINAL_TARGETS += expand(
    f"{OPTIMIZER_SWEEP_FIGURES}/{{name}}.{{ext}}",
    name=OPTIMIZER_SWEEP_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += OPTIMIZER_SWEEP_TABLES.values()
COMPUTE_JOBS += [
    (
        "optimizer_sweep_sgd",
        f"lr{lr} B{b}",
        f"results/benchmarks/optimizer_sweep/sgd_lr{lr}_B{b}.tsv",
    )
    for lr in OPTIMIZER_SWEEP_LRS
    for b in OPTIMIZER_SWEEP["batch_sizes"]
]
COMPUTE_JOBS += [
    (
        "optimizer_sweep_optimizer",
        name,
        f"results/benchmarks/optimizer_sweep/{name}.tsv",
    )
    for name in OPTIMIZER_SWEEP["optimizers"]
]


use rule train_base as optimizer_sweep_sgd with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        metrics=f"{OPTIMIZER_SWEEP_RUNS}/sgd_lr{{lr}}_B{{batch_size}}/metrics.csv",
        summary=f"{OPTIMIZER_SWEEP_RUNS}/sgd_lr{{lr}}_B{{batch_size}}/summary.json",
    log:
        "results/logs/optimizer_sweep/sgd_lr{lr}_B{batch_size}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/sgd_lr{lr}_B{batch_size}.tsv"
    wildcard_constraints:
        lr=r"[0-9.e+-]+",
    resources:
        **compute_resources(minutes=0.5 * max(OPTIMIZER_SWEEP["epochs"]) * len(SEEDS)),
    params:
        run=lambda wc: run_params(
            "optimizer_sweep",
            batch_size=int(wc.batch_size),
            max_passes=max(OPTIMIZER_SWEEP["epochs"]),
        ),
        lr=lambda wc: float(wc.lr),
        identifiers=lambda wc: {
            "study": "optimizer_sweep",
            "model": model_id("optimizer_sweep"),
            "optimizer": "sgd",
            "batch_size": int(wc.batch_size),
        },


rule optimizer_sweep_best:
    input:
        sgd=OPTIMIZER_SWEEP_SGD_RUNS,
    output:
        setting=OPTIMIZER_SWEEP_BEST,
    log:
        "results/logs/optimizer_sweep/best.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        aggregate="best_sgd_setting",
        epochs=OPTIMIZER_SWEEP["epochs"],
    script:
        "../../scripts/optimizer_sweep/aggregate.py"


use rule train_base as optimizer_sweep_optimizer with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        setting=OPTIMIZER_SWEEP_BEST,
    output:
        metrics=f"{OPTIMIZER_SWEEP_RUNS}/{{optimizer}}/metrics.csv",
        summary=f"{OPTIMIZER_SWEEP_RUNS}/{{optimizer}}/summary.json",
    log:
        "results/logs/optimizer_sweep/{optimizer}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/{optimizer}.tsv"
    wildcard_constraints:
        optimizer="|".join(OPTIMIZER_SWEEP["optimizers"]),
    resources:
        **compute_resources(minutes=0.5 * max(OPTIMIZER_SWEEP["epochs"]) * len(SEEDS)),
    params:
        # batch_size and max_passes come from the best SGD setting (input `setting`); each
        # job takes only its own optimizer's settings.
        run=lambda wc: run_params(
            "optimizer_sweep",
            optimizer={
                "name": wc.optimizer,
                **{
                    k: v
                    for k, v in OPTIMIZER_SWEEP["optimizers"][wc.optimizer].items()
                    if k != "lr"
                },
            },
        ),
        lr=lambda wc: OPTIMIZER_SWEEP["optimizers"][wc.optimizer]["lr"],
        identifiers=lambda wc: {
            "study": "optimizer_sweep",
            "model": model_id("optimizer_sweep"),
            "optimizer": wc.optimizer,
            "batch_size": None,
        },


rule optimizer_sweep_aggregate:
    input:
        sgd=OPTIMIZER_SWEEP_SGD_RUNS,
        optimizers=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/{{optimizer}}/metrics.csv",
            optimizer=list(OPTIMIZER_SWEEP["optimizers"]),
        ),
    output:
        metrics="results/metrics/optimizer_sweep.csv",
        table=report(
            OPTIMIZER_SWEEP_TABLES["optimizer_sweep.csv"],
            caption="../report/optimizer_sweep/table.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Final test accuracy",
            labels={"study": "optimizer_sweep", "table": "final test accuracy (csv)"},
        ),
        markdown=report(
            OPTIMIZER_SWEEP_TABLES["optimizer_sweep.md"],
            caption="../report/optimizer_sweep/table.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Final test accuracy",
            labels={
                "study": "optimizer_sweep",
                "table": "final test accuracy (markdown)",
            },
        ),
    log:
        "results/logs/optimizer_sweep/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        aggregate="ranking",
        epochs=OPTIMIZER_SWEEP["epochs"],
    script:
        "../../scripts/optimizer_sweep/aggregate.py"


rule optimizer_sweep_figure:
    input:
        metrics="results/metrics/optimizer_sweep.csv",
        setting=OPTIMIZER_SWEEP_BEST,
    output:
        png=report(
            f"{OPTIMIZER_SWEEP_FIGURES}/test_accuracy_per_optimizer.png",
            caption="../report/optimizer_sweep/figure.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Curves",
            labels={
                "study": "optimizer_sweep",
                "figure": "test accuracy per optimizer",
            },
        ),
        pdf=f"{OPTIMIZER_SWEEP_FIGURES}/test_accuracy_per_optimizer.pdf",
    log:
        "results/logs/optimizer_sweep/figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/optimizer_sweep/figure.py"

# Optimizer sweep (003_60588305cd3a2728.txt, questions 11-12): the PyTorch tutorial's CNN
# (LeNet) on the FashionMNIST subsample. A plain-SGD grid of learning rate x batch size,
# each run trained for the largest epoch count and read at every epoch count of the grid;
# then the best setting's batch size and epochs with momentum, Adam and AdamW.

OS = config["optimizer_sweep"]
OS_RUNS = "results/runs/optimizer_sweep"
OS_FIGURES = "results/figures/optimizer_sweep"
OS_CATEGORY = "Optimizer sweep (003, questions 11-12)"
OS_LRS = [f"{lr:g}" for lr in OS["lrs"]]


localrules:
    optimizer_sweep_best,
    optimizer_sweep_aggregate,
    optimizer_sweep_figure,


FINAL_TARGETS += [
    f"{OS_FIGURES}/test_accuracy_per_optimizer.png",
    f"{OS_FIGURES}/test_accuracy_per_optimizer.pdf",
    "results/tables/optimizer_sweep.csv",
    "results/tables/optimizer_sweep.md",
]
COMPUTE_JOBS += [
    (
        "optimizer_sweep_sgd",
        f"lr{lr} B{b}",
        f"results/benchmarks/optimizer_sweep/sgd_lr{lr}_B{b}.tsv",
    )
    for lr in OS_LRS
    for b in OS["batch_sizes"]
]
COMPUTE_JOBS += [
    (
        "optimizer_sweep_optimizer",
        name,
        f"results/benchmarks/optimizer_sweep/{name}.tsv",
    )
    for name in OS["optimizers"]
]


rule optimizer_sweep_sgd:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        metrics=f"{OS_RUNS}/sgd_lr{{lr}}_B{{batch_size}}/metrics.csv",
        summary=f"{OS_RUNS}/sgd_lr{{lr}}_B{{batch_size}}/summary.json",
    log:
        "results/logs/optimizer_sweep/sgd_lr{lr}_B{batch_size}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/sgd_lr{lr}_B{batch_size}.tsv"
    wildcard_constraints:
        lr=r"[0-9.e+-]+",
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=0.5 * max(OS["epochs"]) * len(SEEDS)),
    params:
        run=lambda wc: run_params(
            "optimizer_sweep",
            batch_size=int(wc.batch_size),
            max_passes=max(OS["epochs"]),
        ),
        lr=lambda wc: float(wc.lr),
        seeds=SEEDS,
        identifiers=lambda wc: {
            "study": "optimizer_sweep",
            "model": model_id("optimizer_sweep"),
            "optimizer": "sgd",
            "batch_size": int(wc.batch_size),
        },
        checkpoint_every_passes=config["compute"]["checkpoint_every_passes"],
        device=config["device"],
    script:
        "../../scripts/train.py"


rule optimizer_sweep_best:
    input:
        expand(
            f"{OS_RUNS}/sgd_lr{{lr}}_B{{batch_size}}/metrics.csv",
            lr=OS_LRS,
            batch_size=OS["batch_sizes"],
        ),
    output:
        "results/optimizer_sweep/best_sgd_setting.json",
    log:
        "results/logs/optimizer_sweep/best.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        epochs=OS["epochs"],
    script:
        "../../scripts/optimizer_sweep/best.py"


rule optimizer_sweep_optimizer:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        setting="results/optimizer_sweep/best_sgd_setting.json",
    output:
        metrics=f"{OS_RUNS}/{{optimizer}}/metrics.csv",
        summary=f"{OS_RUNS}/{{optimizer}}/summary.json",
    log:
        "results/logs/optimizer_sweep/{optimizer}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/{optimizer}.tsv"
    wildcard_constraints:
        optimizer="|".join(OS["optimizers"]),
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=0.5 * max(OS["epochs"]) * len(SEEDS)),
    params:
        # batch_size and max_passes come from the best SGD setting (input `setting`).
        run=lambda wc: run_params(
            "optimizer_sweep",
            optimizer={
                "name": wc.optimizer,
                **{
                    k: v
                    for k, v in OS["optimizers"][wc.optimizer].items()
                    if k != "lr"
                },
            },
        ),
        lr=lambda wc: OS["optimizers"][wc.optimizer]["lr"],
        seeds=SEEDS,
        identifiers=lambda wc: {
            "study": "optimizer_sweep",
            "model": model_id("optimizer_sweep"),
            "optimizer": wc.optimizer,
            "batch_size": None,
        },
        checkpoint_every_passes=config["compute"]["checkpoint_every_passes"],
        device=config["device"],
    script:
        "../../scripts/train.py"


rule optimizer_sweep_aggregate:
    input:
        sgd=rules.optimizer_sweep_best.input,
        optimizers=expand(
            f"{OS_RUNS}/{{optimizer}}/metrics.csv",
            optimizer=list(OS["optimizers"]),
        ),
    output:
        metrics="results/metrics/optimizer_sweep.csv",
        table=report(
            "results/tables/optimizer_sweep.csv",
            caption="../report/optimizer_sweep/table.rst",
            category=OS_CATEGORY,
            subcategory="Final test accuracy",
            labels={"study": "optimizer_sweep", "table": "final test accuracy (csv)"},
        ),
        markdown=report(
            "results/tables/optimizer_sweep.md",
            caption="../report/optimizer_sweep/table.rst",
            category=OS_CATEGORY,
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
        epochs=OS["epochs"],
    script:
        "../../scripts/optimizer_sweep/aggregate.py"


rule optimizer_sweep_figure:
    input:
        metrics="results/metrics/optimizer_sweep.csv",
        setting="results/optimizer_sweep/best_sgd_setting.json",
    output:
        png=report(
            f"{OS_FIGURES}/test_accuracy_per_optimizer.png",
            caption="../report/optimizer_sweep/figure.rst",
            category=OS_CATEGORY,
            subcategory="Curves",
            labels={
                "study": "optimizer_sweep",
                "figure": "test accuracy per optimizer",
            },
        ),
        pdf=f"{OS_FIGURES}/test_accuracy_per_optimizer.pdf",
    log:
        "results/logs/optimizer_sweep/figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/optimizer_sweep/figure.py"

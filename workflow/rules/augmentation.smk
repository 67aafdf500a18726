# Augmentation study (000_c9208c5f745f8f12.txt, section 2): the CNN trained with and
# without per-image random crop + rotation; each trained model is evaluated after every
# pass both on clean test images and by a T-view majority vote, so the four train/test
# settings come from two training jobs, each training every seed.

AUG = config["augmentation"]
AUG_RUNS = "results/runs/augmentation/train-{train_aug}"
AUG_FIGURES = "results/figures/augmentation"


# Aggregation and figures take seconds: run them where snakemake runs, not as SLURM jobs.
localrules:
    augmentation_aggregate,
    augmentation_figure,


AUG_TRANSFORM = {
    "padding": AUG["crop_padding"] if "crop" in AUG["transforms"] else 0,
    "degrees": AUG["rotation_degrees"] if "rotation" in AUG["transforms"] else 0.0,
}

FINAL_TARGETS += expand(
    f"{AUG_FIGURES}/{{metric}}.{{ext}}",
    metric=["train_loss", "train_accuracy", "test_loss", "test_accuracy"],
    ext=["png", "pdf"],
)
FINAL_TARGETS += [
    "results/tables/augmentation_final_test_accuracy.csv",
    "results/tables/augmentation_final_test_accuracy.md",
    "results/tables/augmentation_paired_differences.csv",
]
COMPUTE_JOBS += [
    (
        "augmentation_train",
        f"train-{t}",
        f"results/benchmarks/augmentation/train-{t}.tsv",
    )
    for t in ["clean", "augmented"]
]
AUG_CATEGORY = "Augmentation study (000, section 2)"


rule augmentation_train:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        metrics=f"{AUG_RUNS}/metrics.csv",
        summary=f"{AUG_RUNS}/summary.json",
    log:
        "results/logs/augmentation/train-{train_aug}.log",
    benchmark:
        "results/benchmarks/augmentation/train-{train_aug}.tsv"
    wildcard_constraints:
        train_aug="clean|augmented",
    # The protocol's longest jobs: start them first so that they do not end the run alone.
    priority: 2
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=0.2 * AUG["max_passes"] * len(SEEDS)),
    params:
        run=lambda wc: run_params(
            "augmentation",
            batch_size=AUG["batch_size"],
            max_passes=AUG["max_passes"],
            stop_at_interpolation=AUG["stop_at_interpolation"],
            train_aug=AUG_TRANSFORM if wc.train_aug == "augmented" else None,
            tta_aug=AUG_TRANSFORM,
            tta_views=AUG["tta_views"],
        ),
        lr=AUG["lr"],
        seeds=SEEDS,
        identifiers=lambda wc: {
            "study": "augmentation",
            "model": model_id("augmentation"),
            "train_aug": wc.train_aug == "augmented",
            "batch_size": AUG["batch_size"],
        },
        checkpoint_every_passes=config["compute"]["checkpoint_every_passes"],
        device=config["device"],
    script:
        "../../scripts/train.py"


rule augmentation_aggregate:
    input:
        expand(f"{AUG_RUNS}/metrics.csv", train_aug=["clean", "augmented"]),
    output:
        metrics="results/metrics/augmentation.csv",
        table=report(
            "results/tables/augmentation_final_test_accuracy.csv",
            caption="../report/augmentation/table.rst",
            category=AUG_CATEGORY,
            subcategory="Final test accuracy",
            labels={"study": "augmentation", "table": "final test accuracy"},
        ),
        markdown="results/tables/augmentation_final_test_accuracy.md",
        differences=report(
            "results/tables/augmentation_paired_differences.csv",
            caption="../report/augmentation/differences.rst",
            category=AUG_CATEGORY,
            subcategory="Final test accuracy",
            labels={"study": "augmentation", "table": "paired differences"},
        ),
    log:
        "results/logs/augmentation/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/augmentation/aggregate.py"


rule augmentation_figure:
    input:
        "results/metrics/augmentation.csv",
    output:
        png=report(
            f"{AUG_FIGURES}/{{metric}}.png",
            caption="../report/augmentation/figure.rst",
            category=AUG_CATEGORY,
            subcategory="Curves vs passes",
            labels={"study": "augmentation", "metric": "{metric}", "x axis": "passes"},
        ),
        pdf=f"{AUG_FIGURES}/{{metric}}.pdf",
    log:
        "results/logs/augmentation/figure_{metric}.log",
    wildcard_constraints:
        metric="train_loss|train_accuracy|test_loss|test_accuracy",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/augmentation/figure.py"

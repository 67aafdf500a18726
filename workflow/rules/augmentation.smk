# Augmentation study (000_c9208c5f745f8f12.txt, section 2): the CNN trained with and
# without per-image random crop + rotation; each trained model is evaluated after every
# pass both on clean test images and by a T-view majority vote, so the four train/test
# settings come from two training jobs, each training every seed.

from sgdlab.studies.augmentation import (
    FIGURES as AUGMENTATION_FIGURE_NAMES,
    TABLES as AUGMENTATION_TABLE_NAMES,
)

AUGMENTATION = config["augmentation"]
AUGMENTATION_RUNS = "results/runs/augmentation/train-{train_aug}"
AUGMENTATION_FIGURES = "results/figures/augmentation"
# Table path by its file name after the study's prefix (paired_differences.csv, ...).
AUGMENTATION_TABLES = {
    name.removeprefix("augmentation_"): f"results/tables/{name}"
    for name in AUGMENTATION_TABLE_NAMES
}
AUGMENTATION_TRAINING = ["clean", "augmented"]


# Aggregation and figures take seconds: run them where snakemake runs, not as SLURM jobs.
localrules:
    augmentation_aggregate,
    augmentation_figures,


AUGMENTATION_TRANSFORM = {
    "padding": (
        AUGMENTATION["crop_padding"] if "crop" in AUGMENTATION["transforms"] else 0
    ),
    "degrees": (
        AUGMENTATION["rotation_degrees"]
        if "rotation" in AUGMENTATION["transforms"]
        else 0.0
    ),
}

FINAL_TARGETS += expand(
    f"{AUGMENTATION_FIGURES}/{{metric}}.{{ext}}",
    metric=AUGMENTATION_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += AUGMENTATION_TABLES.values()
COMPUTE_JOBS += [
    (
        "augmentation_train",
        f"train-{t}",
        f"results/benchmarks/augmentation/train-{t}.tsv",
    )
    for t in AUGMENTATION_TRAINING
]
AUGMENTATION_CATEGORY = "Augmentation study (000, section 2)"


use rule train_base as augmentation_train with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        metrics=f"{AUGMENTATION_RUNS}/metrics.csv",
        summary=f"{AUGMENTATION_RUNS}/summary.json",
    log:
        "results/logs/augmentation/train-{train_aug}.log",
    benchmark:
        "results/benchmarks/augmentation/train-{train_aug}.tsv"
    wildcard_constraints:
        train_aug="|".join(AUGMENTATION_TRAINING),
    # The protocol's longest jobs: start them first so that they do not end the run alone.
    priority: 2
    resources:
        **compute_resources(minutes=0.2 * AUGMENTATION["max_passes"] * len(SEEDS)),
    params:
        run=lambda wc: run_params(
            "augmentation",
            batch_size=AUGMENTATION["batch_size"],
            max_passes=AUGMENTATION["max_passes"],
            stop_at_interpolation=AUGMENTATION["stop_at_interpolation"],
            train_aug=AUGMENTATION_TRANSFORM if wc.train_aug == "augmented" else None,
            tta_aug=AUGMENTATION_TRANSFORM,
            tta_views=AUGMENTATION["tta_views"],
        ),
        lr=AUGMENTATION["lr"],
        identifiers=lambda wc: {
            "study": "augmentation",
            "model": model_id("augmentation"),
            "train_aug": wc.train_aug == "augmented",
            "batch_size": AUGMENTATION["batch_size"],
        },


rule augmentation_aggregate:
    input:
        expand(f"{AUGMENTATION_RUNS}/metrics.csv", train_aug=AUGMENTATION_TRAINING),
    output:
        metrics="results/metrics/augmentation.csv",
        table=report(
            AUGMENTATION_TABLES["final_test_accuracy.csv"],
            caption="../report/augmentation/table.rst",
            category=AUGMENTATION_CATEGORY,
            subcategory="Final test accuracy",
            labels={"study": "augmentation", "table": "final test accuracy"},
        ),
        markdown=AUGMENTATION_TABLES["final_test_accuracy.md"],
        differences=report(
            AUGMENTATION_TABLES["paired_differences.csv"],
            caption="../report/augmentation/differences.rst",
            category=AUGMENTATION_CATEGORY,
            subcategory="Final test accuracy",
            labels={"study": "augmentation", "table": "paired differences"},
        ),
    log:
        "results/logs/augmentation/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/augmentation/aggregate.py"


# One job draws the four metrics' figures (each is a second of drawing).
rule augmentation_figures:
    input:
        "results/metrics/augmentation.csv",
    output:
        **{
            f"{metric}_png": report(
                f"{AUGMENTATION_FIGURES}/{metric}.png",
                caption="../report/augmentation/figure.rst",
                category=AUGMENTATION_CATEGORY,
                subcategory="Curves vs passes",
                labels={"study": "augmentation", "metric": metric, "x axis": "passes"},
            )
            for metric in AUGMENTATION_FIGURE_NAMES
        },
        **{
            f"{metric}_pdf": f"{AUGMENTATION_FIGURES}/{metric}.pdf"
            for metric in AUGMENTATION_FIGURE_NAMES
        },
    log:
        "results/logs/augmentation/figures.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/augmentation/figure.py"

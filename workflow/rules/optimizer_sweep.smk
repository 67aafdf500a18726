# Optimizer sweep (003_60588305cd3a2728.txt, questions 11-12): the PyTorch tutorial's CNN
# (LeNet) on the FashionMNIST subsample, with a validation split held out of it on which
# every choice is made. Question 11: a plain-SGD grid (per batch size its rates, each run
# read at every epoch), with its search seeds. The chosen setting (fewest updates within one
# standard error of the best) fixes B and epochs; each other optimizer's rate is tuned there
# on its own small grid; then all four run with every seed at their chosen rates.

from sgdlab.studies.optimizer_sweep import (
    FIGURES as OPTIMIZER_SWEEP_FIGURE_NAMES,
    TABLES as OPTIMIZER_SWEEP_TABLE_NAMES,
)

OPTIMIZER_SWEEP = config["optimizer_sweep"]
OPTIMIZER_SWEEP_RUNS = "results/runs/optimizer_sweep"
OPTIMIZER_SWEEP_FIGURES = "results/figures/optimizer_sweep"
# Each optimizer's chosen setting (B, epochs, rate), written once it is known.
OPTIMIZER_SWEEP_SETTING = "results/metrics/optimizer_sweep/setting_{optimizer}.json"
OPTIMIZER_SWEEP_TABLES = {
    name: f"results/tables/{name}" for name in OPTIMIZER_SWEEP_TABLE_NAMES
}
OPTIMIZER_SWEEP_CATEGORY = "Optimizer sweep (003, questions 11-12)"
# Batch size -> its rates in the plain-SGD grid.
OPTIMIZER_SWEEP_GRID = {g["batch_size"]: g["lrs"] for g in OPTIMIZER_SWEEP["grid"]}
OPTIMIZER_SWEEP_OTHERS = list(OPTIMIZER_SWEEP["optimizers"])
OPTIMIZER_SWEEP_ALL = ["sgd", *OPTIMIZER_SWEEP_OTHERS]
# Optimizers given more than one rate are tuned; one given a single rate runs at it.
OPTIMIZER_SWEEP_TUNED = [
    name for name, cfg in OPTIMIZER_SWEEP["optimizers"].items() if len(cfg["lrs"]) > 1
]
OPTIMIZER_SWEEP_SEARCH_SEEDS = SEEDS[: OPTIMIZER_SWEEP["search_seeds"]]


# One job trains a ladder of rates, one group (output folder rate0, rate1, ...) per rate, so
# the ladders of one stage need one length.
OPTIMIZER_SWEEP_LADDERS = {
    "grid": {len(lrs) for lrs in OPTIMIZER_SWEEP_GRID.values()},
    "tuned optimizers": {
        len(OPTIMIZER_SWEEP["optimizers"][name]["lrs"])
        for name in OPTIMIZER_SWEEP_TUNED
    },
}
if any(len(lengths) > 1 for lengths in OPTIMIZER_SWEEP_LADDERS.values()):
    raise ValueError(
        f"optimizer_sweep: the rate lists of a stage need one length: {OPTIMIZER_SWEEP_LADDERS}"
    )
OPTIMIZER_SWEEP_GRID_RATES = range(max(OPTIMIZER_SWEEP_LADDERS["grid"]))
OPTIMIZER_SWEEP_TUNE_RATES = range(
    max(OPTIMIZER_SWEEP_LADDERS["tuned optimizers"], default=0)
)
# Each optimizer's engine settings besides the rate, and the validation split of every run.
OPTIMIZER_SWEEP_OPTIMIZERS = {
    name: {
        "name": name,
        **{
            key: value
            for key, value in OPTIMIZER_SWEEP["optimizers"].get(name, {}).items()
            if key != "lrs"
        },
    }
    for name in OPTIMIZER_SWEEP_ALL
}
OPTIMIZER_SWEEP_VALIDATION = {
    "validation_fraction": OPTIMIZER_SWEEP["validation"]["fraction"],
    "validation_seed": OPTIMIZER_SWEEP["validation"]["seed"],
}
OPTIMIZER_SWEEP_IDS = {"study": "optimizer_sweep", "model": model_id("optimizer_sweep")}


localrules:
    optimizer_sweep_select,
    optimizer_sweep_tuned,
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
        "optimizer_sweep_grid",
        f"B{b}",
        f"results/benchmarks/optimizer_sweep/grid_B{b}.tsv",
    )
    for b in OPTIMIZER_SWEEP_GRID
]
COMPUTE_JOBS += [
    (
        "optimizer_sweep_tune",
        name,
        f"results/benchmarks/optimizer_sweep/tune_{name}.tsv",
    )
    for name in OPTIMIZER_SWEEP_TUNED
]
COMPUTE_JOBS += [
    (
        "optimizer_sweep_final",
        name,
        f"results/benchmarks/optimizer_sweep/final_{name}.tsv",
    )
    for name in OPTIMIZER_SWEEP_ALL
]


use rule train_base as optimizer_sweep_grid with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        metrics=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/grid/B{{batch_size}}/rate{{rate}}/metrics.csv",
            rate=OPTIMIZER_SWEEP_GRID_RATES,
            allow_missing=True,
        ),
        summary=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/grid/B{{batch_size}}/rate{{rate}}/summary.json",
            rate=OPTIMIZER_SWEEP_GRID_RATES,
            allow_missing=True,
        ),
    log:
        "results/logs/optimizer_sweep/grid_B{batch_size}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/grid_B{batch_size}.tsv"
    wildcard_constraints:
        batch_size="|".join(map(str, OPTIMIZER_SWEEP_GRID)),
    resources:
        **compute_resources(
            minutes=0.1
            * OPTIMIZER_SWEEP["epochs"]
            * len(OPTIMIZER_SWEEP_SEARCH_SEEDS)
            * len(OPTIMIZER_SWEEP_GRID_RATES)
        ),
    params:
        # Test metrics are not measured: nothing here may look at the test set.
        run=lambda wc: run_params(
            "optimizer_sweep",
            optimizer=OPTIMIZER_SWEEP_OPTIMIZERS["sgd"],
            **OPTIMIZER_SWEEP_VALIDATION,
            batch_size=int(wc.batch_size),
            max_passes=OPTIMIZER_SWEEP["epochs"],
            evaluate_test=False,
        ),
        # One group per rate of this batch size, in the order of the outputs.
        lr=lambda wc: OPTIMIZER_SWEEP_GRID[int(wc.batch_size)],
        seeds=OPTIMIZER_SWEEP_SEARCH_SEEDS,
        identifiers=lambda wc: [
            {
                **OPTIMIZER_SWEEP_IDS,
                "stage": "grid",
                "optimizer": "sgd",
                "batch_size": int(wc.batch_size),
            }
        ]
        * len(OPTIMIZER_SWEEP_GRID_RATES),


rule optimizer_sweep_select:
    input:
        grid=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/grid/B{{batch_size}}/rate{{rate}}/metrics.csv",
            batch_size=list(OPTIMIZER_SWEEP_GRID),
            rate=OPTIMIZER_SWEEP_GRID_RATES,
        ),
        subsample=SUBSAMPLE,
    output:
        grid=report(
            OPTIMIZER_SWEEP_TABLES["optimizer_sweep_grid.csv"],
            caption="../report/optimizer_sweep/grid_table.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Grid (question 11)",
            labels={"study": "optimizer_sweep", "table": "plain-SGD grid (csv)"},
        ),
        setting=OPTIMIZER_SWEEP_SETTING.format(optimizer="sgd"),
    log:
        "results/logs/optimizer_sweep/select.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        aggregate="select",
        max_epochs=OPTIMIZER_SWEEP["epochs"],
        validation_fraction=OPTIMIZER_SWEEP["validation"]["fraction"],
    script:
        "../../scripts/optimizer_sweep/aggregate.py"


use rule train_base as optimizer_sweep_tune with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        setting=OPTIMIZER_SWEEP_SETTING.format(optimizer="sgd"),
    output:
        metrics=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/tune/{{optimizer}}/rate{{rate}}/metrics.csv",
            rate=OPTIMIZER_SWEEP_TUNE_RATES,
            allow_missing=True,
        ),
        summary=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/tune/{{optimizer}}/rate{{rate}}/summary.json",
            rate=OPTIMIZER_SWEEP_TUNE_RATES,
            allow_missing=True,
        ),
    log:
        "results/logs/optimizer_sweep/tune_{optimizer}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/tune_{optimizer}.tsv"
    wildcard_constraints:
        optimizer="|".join(OPTIMIZER_SWEEP_TUNED),
    resources:
        **compute_resources(
            minutes=0.1
            * OPTIMIZER_SWEEP["epochs"]
            * len(OPTIMIZER_SWEEP_SEARCH_SEEDS)
            * len(OPTIMIZER_SWEEP_TUNE_RATES)
        ),
    params:
        # B and epochs come from plain SGD's chosen setting (input `setting`).
        run=lambda wc: run_params(
            "optimizer_sweep",
            optimizer=OPTIMIZER_SWEEP_OPTIMIZERS[wc.optimizer],
            **OPTIMIZER_SWEEP_VALIDATION,
            evaluate_test=False,
        ),
        lr=lambda wc: OPTIMIZER_SWEEP["optimizers"][wc.optimizer]["lrs"],
        seeds=OPTIMIZER_SWEEP_SEARCH_SEEDS,
        # batch_size None: the chosen setting's, filled in by the job.
        identifiers=lambda wc: [
            {
                **OPTIMIZER_SWEEP_IDS,
                "stage": "tune",
                "optimizer": wc.optimizer,
                "batch_size": None,
            }
        ]
        * len(OPTIMIZER_SWEEP_TUNE_RATES),


rule optimizer_sweep_tuned:
    input:
        setting=OPTIMIZER_SWEEP_SETTING.format(optimizer="sgd"),
        tune=lambda wc: expand(
            f"{OPTIMIZER_SWEEP_RUNS}/tune/{wc.optimizer}/rate{{rate}}/metrics.csv",
            rate=(
                OPTIMIZER_SWEEP_TUNE_RATES
                if wc.optimizer in OPTIMIZER_SWEEP_TUNED
                else []
            ),
        ),
    output:
        setting=OPTIMIZER_SWEEP_SETTING,
    log:
        "results/logs/optimizer_sweep/tuned_{optimizer}.log",
    wildcard_constraints:
        optimizer="|".join(OPTIMIZER_SWEEP_OTHERS),
    conda:
        "../../envs/sgdlab.yaml"
    params:
        aggregate="tuned",
        lrs=lambda wc: OPTIMIZER_SWEEP["optimizers"][wc.optimizer]["lrs"],
    script:
        "../../scripts/optimizer_sweep/aggregate.py"


use rule train_base as optimizer_sweep_final with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        setting=OPTIMIZER_SWEEP_SETTING,
    output:
        metrics=f"{OPTIMIZER_SWEEP_RUNS}/final/{{optimizer}}/metrics.csv",
        summary=f"{OPTIMIZER_SWEEP_RUNS}/final/{{optimizer}}/summary.json",
    log:
        "results/logs/optimizer_sweep/final_{optimizer}.log",
    benchmark:
        "results/benchmarks/optimizer_sweep/final_{optimizer}.tsv"
    wildcard_constraints:
        optimizer="|".join(OPTIMIZER_SWEEP_ALL),
    resources:
        **compute_resources(minutes=0.1 * OPTIMIZER_SWEEP["epochs"] * len(SEEDS)),
    params:
        # B, epochs and the rate come from the optimizer's chosen setting (input `setting`).
        run=lambda wc: run_params(
            "optimizer_sweep",
            optimizer=OPTIMIZER_SWEEP_OPTIMIZERS[wc.optimizer],
            **OPTIMIZER_SWEEP_VALIDATION,
        ),
        identifiers=lambda wc: {
            **OPTIMIZER_SWEEP_IDS,
            "stage": "final",
            "optimizer": wc.optimizer,
            "batch_size": None,
        },


rule optimizer_sweep_aggregate:
    input:
        final=expand(
            f"{OPTIMIZER_SWEEP_RUNS}/final/{{optimizer}}/metrics.csv",
            optimizer=OPTIMIZER_SWEEP_ALL,
        ),
        settings=expand(OPTIMIZER_SWEEP_SETTING, optimizer=OPTIMIZER_SWEEP_ALL),
        grid=OPTIMIZER_SWEEP_TABLES["optimizer_sweep_grid.csv"],
    output:
        metrics="results/metrics/optimizer_sweep.csv",
        table=report(
            OPTIMIZER_SWEEP_TABLES["optimizer_sweep.csv"],
            caption="../report/optimizer_sweep/table.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Optimizers (question 12)",
            labels={
                "study": "optimizer_sweep",
                "table": "optimizers at their chosen rates (csv)",
            },
        ),
        markdown=report(
            OPTIMIZER_SWEEP_TABLES["optimizer_sweep.md"],
            caption="../report/optimizer_sweep/table.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Optimizers (question 12)",
            labels={
                "study": "optimizer_sweep",
                "table": "optimizers at their chosen rates (markdown)",
            },
        ),
    log:
        "results/logs/optimizer_sweep/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        aggregate="ranking",
        optimizers=OPTIMIZER_SWEEP_ALL,
    script:
        "../../scripts/optimizer_sweep/aggregate.py"


rule optimizer_sweep_figure:
    input:
        grid=OPTIMIZER_SWEEP_TABLES["optimizer_sweep_grid.csv"],
        table=OPTIMIZER_SWEEP_TABLES["optimizer_sweep.csv"],
        metrics="results/metrics/optimizer_sweep.csv",
    output:
        grid_png=report(
            f"{OPTIMIZER_SWEEP_FIGURES}/sgd_grid.png",
            caption="../report/optimizer_sweep/sgd_grid.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Grid (question 11)",
            labels={"study": "optimizer_sweep", "figure": "plain-SGD grid"},
        ),
        grid_pdf=f"{OPTIMIZER_SWEEP_FIGURES}/sgd_grid.pdf",
        final_png=report(
            f"{OPTIMIZER_SWEEP_FIGURES}/final_test_accuracy.png",
            caption="../report/optimizer_sweep/final_test_accuracy.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Optimizers (question 12)",
            labels={
                "study": "optimizer_sweep",
                "figure": "final test accuracy per optimizer",
            },
        ),
        final_pdf=f"{OPTIMIZER_SWEEP_FIGURES}/final_test_accuracy.pdf",
        curves_png=report(
            f"{OPTIMIZER_SWEEP_FIGURES}/test_accuracy_per_optimizer.png",
            caption="../report/optimizer_sweep/test_accuracy_per_optimizer.rst",
            category=OPTIMIZER_SWEEP_CATEGORY,
            subcategory="Optimizers (question 12)",
            labels={
                "study": "optimizer_sweep",
                "figure": "test accuracy per optimizer",
            },
        ),
        curves_pdf=f"{OPTIMIZER_SWEEP_FIGURES}/test_accuracy_per_optimizer.pdf",
    log:
        "results/logs/optimizer_sweep/figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/optimizer_sweep/figure.py"

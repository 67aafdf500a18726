# Minibatch study (000_c9208c5f745f8f12.txt, sections 3 and 4): MLP(64), every batch size
# at half its own divergent learning rate for 50n/B updates; the same runs give the
# figures against updates (section 3) and against effective passes (section 4). One job
# per batch size trains every (rate factor, seed) pair in one batch, each at the factor
# times that seed's own eta*_B (a stacked step for all of them is cheaper than one job per
# factor); each factor's runs have their own directory and files. The runs at one factor
# (minibatch.interpolation_runs) train on past the 50 passes, in the same job, until they
# interpolate or reach a cap: the answer to "after how many updates do we observe perfect
# interpolation", which no run reaches within 50 passes.

from sgdlab.pipeline.config_checks import ConfigError
from sgdlab.studies.minibatch import (
    AXES as MINIBATCH_AXES,
    CURVE_METRICS as MINIBATCH_CURVE_METRICS,
    FIGURES as MINIBATCH_FIGURE_NAMES,
    TABLES as MINIBATCH_TABLE_NAMES,
)

MINIBATCH = config["minibatch"]
MINIBATCH_MODEL = model_id("minibatch")
MINIBATCH_MAIN_FACTOR = f"{config['lr_search']['lr_factor']:g}"
MINIBATCH_FACTORS = sorted(
    {MINIBATCH_MAIN_FACTOR, *(f"{f:g}" for f in MINIBATCH["lr_factors"])},
    key=float,
    reverse=True,
)
MINIBATCH_INTERPOLATION = MINIBATCH["interpolation_runs"]
MINIBATCH_CONTINUED_FACTOR = f"{MINIBATCH_INTERPOLATION['lr_factor']:g}"
if MINIBATCH_CONTINUED_FACTOR not in MINIBATCH_FACTORS:
    raise ConfigError(
        "config key minibatch.interpolation_runs.lr_factor: "
        f"{MINIBATCH_CONTINUED_FACTOR} is not a trained factor ({MINIBATCH_FACTORS}). "
        "Fix: use one of minibatch.lr_factors or lr_search.lr_factor."
    )
if MINIBATCH_INTERPOLATION["max_passes"] <= MINIBATCH["passes"]:
    raise ConfigError(
        "config key minibatch.interpolation_runs.max_passes: the cap must exceed "
        f"minibatch.passes ({MINIBATCH['passes']}), which those runs train anyway."
    )
MINIBATCH_RUNS = "results/runs/minibatch/B{batch_size}/factor{factor}"
MINIBATCH_FIGURES = "results/figures/minibatch"
# Table path by its file name after the study's prefix (summary.csv, ...).
MINIBATCH_TABLES = {
    name.removeprefix("minibatch_"): f"results/tables/{name}"
    for name in MINIBATCH_TABLE_NAMES
}
MINIBATCH_SEARCHES = expand(
    lr_search_result(MINIBATCH_MODEL), batch_size=MINIBATCH["batch_sizes"]
)
LR_SEARCH_SECTIONS[MINIBATCH_MODEL] = "minibatch"


# Aggregation and figures take seconds: run them where snakemake runs, not as SLURM jobs.
localrules:
    minibatch_aggregate,
    minibatch_figures,


FINAL_TARGETS += expand(
    f"{MINIBATCH_FIGURES}/{{name}}.{{ext}}",
    name=MINIBATCH_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += MINIBATCH_TABLES.values()
COMPUTE_JOBS += lr_search_jobs(MINIBATCH_MODEL, MINIBATCH["batch_sizes"])
COMPUTE_JOBS += [
    ("minibatch_train", f"B{b}", f"results/benchmarks/minibatch/B{b}.tsv")
    for b in MINIBATCH["batch_sizes"]
]
MINIBATCH_CATEGORY = "Minibatch study (000, sections 3-4)"
# Each figure's report entry: caption file, subcategory and labels. One job draws them all
# (each is a second of drawing; thirteen jobs spent most of their time starting Python).
MINIBATCH_FIGURE_REPORT = {
    **{
        f"{metric}_vs_{axis}": (
            "curve.rst",
            f"Curves vs {axis}",
            {"metric": metric, "x axis": axis},
        )
        for metric in MINIBATCH_CURVE_METRICS
        for axis in MINIBATCH_AXES
    },
    **{
        f"{axis}_to_interpolation": (
            "interpolation.rst",
            "Interpolation",
            {"metric": f"{axis} to interpolation", "x axis": "B"},
        )
        for axis in MINIBATCH_AXES
    },
    "divergent_lr": (
        "divergent_lr.rst",
        "Divergent learning rate",
        {"metric": "divergent lr", "x axis": "B"},
    ),
    "lr_sensitivity": (
        "lr_sensitivity.rst",
        "Interpolation",
        {"metric": "updates to threshold per rate factor", "x axis": "B"},
    ),
    "interpolation_reached": (
        "reached.rst",
        "Interpolation",
        {"metric": "updates and passes to 100%", "x axis": "B"},
    ),
}
if set(MINIBATCH_FIGURE_REPORT) != set(MINIBATCH_FIGURE_NAMES):
    raise ValueError(
        "minibatch.smk: MINIBATCH_FIGURE_REPORT must cover the study's FIGURES"
    )


use rule train_base as minibatch_train with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        lr=lr_search_result(MINIBATCH_MODEL),
    output:
        metrics=expand(
            f"{MINIBATCH_RUNS}/metrics.csv",
            factor=MINIBATCH_FACTORS,
            allow_missing=True,
        ),
        summary=expand(
            f"{MINIBATCH_RUNS}/summary.json",
            factor=MINIBATCH_FACTORS,
            allow_missing=True,
        ),
    log:
        "results/logs/minibatch/B{batch_size}.log",
    benchmark:
        "results/benchmarks/minibatch/B{batch_size}.tsv"
    resources:
        **compute_resources(
            minutes=0.05
            * len(SEEDS)
            * (
                MINIBATCH["passes"] * (len(MINIBATCH_FACTORS) - 1)
                + MINIBATCH_INTERPOLATION["max_passes"]
            )
        ),
    params:
        run=lambda wc: run_params(
            "minibatch",
            batch_size=int(wc.batch_size),
            max_passes=MINIBATCH["passes"],
        ),
        # One group per factor, in the order of the outputs.
        lr_factor=[float(f) for f in MINIBATCH_FACTORS],
        # The interpolation runs' own budget and stop; the others keep run.max_passes.
        group_settings=[
            (
                {
                    "max_passes": MINIBATCH_INTERPOLATION["max_passes"],
                    "stop_at_interpolation": True,
                }
                if f == MINIBATCH_CONTINUED_FACTOR
                else {}
            )
            for f in MINIBATCH_FACTORS
        ],
        identifiers=lambda wc: [
            {
                "study": "minibatch",
                "model": MINIBATCH_MODEL,
                "lr_factor": float(f),
                "batch_size": int(wc.batch_size),
            }
            for f in MINIBATCH_FACTORS
        ],


rule minibatch_aggregate:
    input:
        metrics=expand(
            f"{MINIBATCH_RUNS}/metrics.csv",
            factor=MINIBATCH_FACTORS,
            batch_size=MINIBATCH["batch_sizes"],
        ),
        searches=MINIBATCH_SEARCHES,
    output:
        metrics="results/metrics/minibatch.csv",
        summary=report(
            MINIBATCH_TABLES["summary.csv"],
            caption="../report/minibatch/summary.rst",
            category=MINIBATCH_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "answers per B (mean, 95% CI, n)"},
        ),
        interpolation=report(
            MINIBATCH_TABLES["interpolation.csv"],
            caption="../report/minibatch/table.rst",
            category=MINIBATCH_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "interpolation per run"},
        ),
        thresholds=report(
            MINIBATCH_TABLES["thresholds.csv"],
            caption="../report/minibatch/thresholds.rst",
            category=MINIBATCH_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "updates to each threshold"},
        ),
        scaling=report(
            MINIBATCH_TABLES["scaling.csv"],
            caption="../report/minibatch/scaling.rst",
            category=MINIBATCH_CATEGORY,
            subcategory="Scaling laws",
            labels={"study": "minibatch", "table": "log-log slopes"},
        ),
        reached=report(
            MINIBATCH_TABLES["interpolation_reached.csv"],
            caption="../report/minibatch/reached_table.rst",
            category=MINIBATCH_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "updates and passes to 100% per B"},
        ),
        reached_runs="results/metrics/minibatch_interpolation_reached.csv",
    log:
        "results/logs/minibatch/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        thresholds=MINIBATCH["interpolation_thresholds"],
        passes=MINIBATCH["passes"],
        interpolation=MINIBATCH_INTERPOLATION,
    script:
        "../../scripts/minibatch/aggregate.py"


rule minibatch_figures:
    input:
        metrics="results/metrics/minibatch.csv",
        thresholds=MINIBATCH_TABLES["thresholds.csv"],
        scaling=MINIBATCH_TABLES["scaling.csv"],
        searches=MINIBATCH_SEARCHES,
        reached="results/metrics/minibatch_interpolation_reached.csv",
    output:
        **{
            f"{name}_png": report(
                f"{MINIBATCH_FIGURES}/{name}.png",
                caption=f"../report/minibatch/{caption}",
                category=MINIBATCH_CATEGORY,
                subcategory=subcategory,
                labels={"study": "minibatch", **labels},
            )
            for name, (caption, subcategory, labels) in MINIBATCH_FIGURE_REPORT.items()
        },
        **{
            f"{name}_pdf": f"{MINIBATCH_FIGURES}/{name}.pdf"
            for name in MINIBATCH_FIGURE_REPORT
        },
    log:
        "results/logs/minibatch/figures.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        lr_factor=config["lr_search"]["lr_factor"],
        max_passes=MINIBATCH_INTERPOLATION["max_passes"],
    script:
        "../../scripts/minibatch/figure.py"

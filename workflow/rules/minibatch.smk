# Minibatch study (000_c9208c5f745f8f12.txt, sections 3 and 4): MLP(64), every batch size
# at half its own divergent learning rate for 50n/B updates; the same runs give the
# figures against updates (section 3) and against effective passes (section 4). One job
# per batch size trains every (rate factor, seed) pair in one batch, each at the factor
# times that seed's own eta*_B (a stacked step for all of them is cheaper than one job per
# factor); each factor's runs have their own directory and files.

MB = config["minibatch"]
MB_MODEL = model_id("minibatch")
MB_MAIN_FACTOR = f"{config['lr_search']['lr_factor']:g}"
MB_FACTORS = sorted(
    {MB_MAIN_FACTOR, *(f"{f:g}" for f in MB["lr_factors"])}, key=float, reverse=True
)
MB_RUNS = "results/runs/minibatch/B{batch_size}/factor{factor}"
MB_FIGURES = "results/figures/minibatch"
LR_SEARCH_SECTIONS[MB_MODEL] = "minibatch"


# Aggregation and figures take seconds: run them where snakemake runs, not as SLURM jobs.
localrules:
    minibatch_aggregate,
    minibatch_curve,
    minibatch_to_interpolation,
    minibatch_divergent_lr,
    minibatch_lr_sensitivity,


MB_FIGURE_NAMES = expand(
    "{metric}_vs_{axis}",
    metric=["train_loss", "train_accuracy", "test_loss", "test_accuracy"],
    axis=["updates", "passes"],
) + [
    "updates_to_interpolation",
    "passes_to_interpolation",
    "divergent_lr",
    "lr_sensitivity",
]
FINAL_TARGETS += expand(
    f"{MB_FIGURES}/{{name}}.{{ext}}", name=MB_FIGURE_NAMES, ext=["png", "pdf"]
)
FINAL_TARGETS += [
    "results/tables/minibatch_summary.csv",
    "results/tables/minibatch_interpolation.csv",
    "results/tables/minibatch_thresholds.csv",
    "results/tables/minibatch_scaling.csv",
]
COMPUTE_JOBS += [
    (
        "lr_search",
        f"{MB_MODEL} B{b}",
        f"results/benchmarks/lr_search/{MB_MODEL}/B{b}.tsv",
    )
    for b in MB["batch_sizes"]
]
COMPUTE_JOBS += [
    ("minibatch_train", f"B{b}", f"results/benchmarks/minibatch/B{b}.tsv")
    for b in MB["batch_sizes"]
]
MB_CATEGORY = "Minibatch study (000, sections 3-4)"


use rule train_base as minibatch_train with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        lr=f"results/lr_search/{MB_MODEL}/B{{batch_size}}.json",
    output:
        metrics=expand(f"{MB_RUNS}/metrics.csv", factor=MB_FACTORS, allow_missing=True),
        summary=expand(f"{MB_RUNS}/summary.json", factor=MB_FACTORS, allow_missing=True),
    log:
        "results/logs/minibatch/B{batch_size}.log",
    benchmark:
        "results/benchmarks/minibatch/B{batch_size}.tsv"
    resources:
        **compute_resources(minutes=0.05 * MB["passes"] * len(SEEDS) * len(MB_FACTORS)),
    params:
        run=lambda wc: run_params(
            "minibatch",
            batch_size=int(wc.batch_size),
            max_passes=MB["passes"],
        ),
        # One group per factor, in the order of the outputs.
        lr_factor=[float(f) for f in MB_FACTORS],
        identifiers=lambda wc: [
            {
                "study": "minibatch",
                "model": MB_MODEL,
                "lr_factor": float(f),
                "batch_size": int(wc.batch_size),
            }
            for f in MB_FACTORS
        ],


rule minibatch_aggregate:
    input:
        metrics=expand(
            f"{MB_RUNS}/metrics.csv", factor=MB_FACTORS, batch_size=MB["batch_sizes"]
        ),
        searches=expand(
            f"results/lr_search/{MB_MODEL}/B{{batch_size}}.json",
            batch_size=MB["batch_sizes"],
        ),
    output:
        metrics="results/metrics/minibatch.csv",
        summary=report(
            "results/tables/minibatch_summary.csv",
            caption="../report/minibatch/summary.rst",
            category=MB_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "answers per B (mean, 95% CI, n)"},
        ),
        interpolation=report(
            "results/tables/minibatch_interpolation.csv",
            caption="../report/minibatch/table.rst",
            category=MB_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "interpolation per run"},
        ),
        thresholds=report(
            "results/tables/minibatch_thresholds.csv",
            caption="../report/minibatch/thresholds.rst",
            category=MB_CATEGORY,
            subcategory="Interpolation",
            labels={"study": "minibatch", "table": "updates to each threshold"},
        ),
        scaling=report(
            "results/tables/minibatch_scaling.csv",
            caption="../report/minibatch/scaling.rst",
            category=MB_CATEGORY,
            subcategory="Scaling laws",
            labels={"study": "minibatch", "table": "log-log slopes"},
        ),
    log:
        "results/logs/minibatch/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        thresholds=MB["interpolation_thresholds"],
        lr_factor=config["lr_search"]["lr_factor"],
    script:
        "../../scripts/minibatch/aggregate.py"


rule minibatch_curve:
    input:
        "results/metrics/minibatch.csv",
    output:
        png=report(
            f"{MB_FIGURES}/{{metric}}_vs_{{axis}}.png",
            caption="../report/minibatch/curve.rst",
            category=MB_CATEGORY,
            subcategory="Curves vs {axis}",
            labels={"study": "minibatch", "metric": "{metric}", "x axis": "{axis}"},
        ),
        pdf=f"{MB_FIGURES}/{{metric}}_vs_{{axis}}.pdf",
    log:
        "results/logs/minibatch/figure_{metric}_vs_{axis}.log",
    wildcard_constraints:
        metric="train_loss|train_accuracy|test_loss|test_accuracy",
        axis="updates|passes",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        lr_factor=config["lr_search"]["lr_factor"],
    script:
        "../../scripts/minibatch/figure.py"


rule minibatch_to_interpolation:
    input:
        thresholds="results/tables/minibatch_thresholds.csv",
        scaling="results/tables/minibatch_scaling.csv",
    output:
        png=report(
            f"{MB_FIGURES}/{{axis}}_to_interpolation.png",
            caption="../report/minibatch/interpolation.rst",
            category=MB_CATEGORY,
            subcategory="Interpolation",
            labels={
                "study": "minibatch",
                "metric": "{axis} to interpolation",
                "x axis": "B",
            },
        ),
        pdf=f"{MB_FIGURES}/{{axis}}_to_interpolation.pdf",
    log:
        "results/logs/minibatch/figure_{axis}_to_interpolation.log",
    wildcard_constraints:
        axis="updates|passes",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        lr_factor=config["lr_search"]["lr_factor"],
    script:
        "../../scripts/minibatch/figure.py"


rule minibatch_divergent_lr:
    input:
        expand(
            f"results/lr_search/{MB_MODEL}/B{{batch_size}}.json",
            batch_size=MB["batch_sizes"],
        ),
    output:
        png=report(
            f"{MB_FIGURES}/divergent_lr.png",
            caption="../report/minibatch/divergent_lr.rst",
            category=MB_CATEGORY,
            subcategory="Divergent learning rate",
            labels={"study": "minibatch", "metric": "divergent lr", "x axis": "B"},
        ),
        pdf=f"{MB_FIGURES}/divergent_lr.pdf",
    log:
        "results/logs/minibatch/figure_divergent_lr.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        lr_factor=config["lr_search"]["lr_factor"],
    script:
        "../../scripts/minibatch/figure.py"


rule minibatch_lr_sensitivity:
    input:
        "results/tables/minibatch_thresholds.csv",
    output:
        png=report(
            f"{MB_FIGURES}/lr_sensitivity.png",
            caption="../report/minibatch/lr_sensitivity.rst",
            category=MB_CATEGORY,
            subcategory="Interpolation",
            labels={
                "study": "minibatch",
                "metric": "updates to threshold per rate factor",
                "x axis": "B",
            },
        ),
        pdf=f"{MB_FIGURES}/lr_sensitivity.pdf",
    log:
        "results/logs/minibatch/figure_lr_sensitivity.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/minibatch/figure.py"

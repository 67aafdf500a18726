# Averaged SGD study (002_8b264e80ed0c5d82.txt, part 3): MLP(32, 16, 12) at B = 8 and half
# its divergent rate, with an exponential moving average of the weights evaluated beside
# them; once with ReLUs and once without (the notebook's network, whose ReLUs are unused).
# Both networks get their divergent rate from the shared lr_search rule.

from sgdlab.studies.averaged_sgd import (
    FIGURES as AVERAGED_SGD_FIGURE_NAMES,
    TABLES as AVERAGED_SGD_TABLE_NAMES,
)

AVERAGED_SGD = config["averaged_sgd"]
AVERAGED_SGD_MODELS = {
    act: model_id("averaged_sgd", act) for act in AVERAGED_SGD["activations"]
}
AVERAGED_SGD_RUNS = "results/runs/averaged_sgd/{activation}"
AVERAGED_SGD_FIGURES = "results/figures/averaged_sgd"
# Table path by its file name after the study's prefix (final.csv, final.md).
AVERAGED_SGD_TABLES = {
    name.removeprefix("averaged_sgd_"): f"results/tables/{name}"
    for name in AVERAGED_SGD_TABLE_NAMES
}
for _activation, _model in AVERAGED_SGD_MODELS.items():
    LR_SEARCH_SECTIONS[_model] = ("averaged_sgd", {"hidden_activation": _activation})
AVERAGED_SGD_CATEGORY = "Averaged SGD (002, part 3)"


# The learning-rate search result of each network of the study.
AVERAGED_SGD_SEARCHES = {
    act: lr_search_result(model, AVERAGED_SGD["batch_size"])
    for act, model in AVERAGED_SGD_MODELS.items()
}


localrules:
    averaged_sgd_aggregate,
    averaged_sgd_figure,


FINAL_TARGETS += expand(
    f"{AVERAGED_SGD_FIGURES}/{{name}}.{{ext}}",
    name=AVERAGED_SGD_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += AVERAGED_SGD_TABLES.values()
for _model in AVERAGED_SGD_MODELS.values():
    COMPUTE_JOBS += lr_search_jobs(_model, [AVERAGED_SGD["batch_size"]])
COMPUTE_JOBS += [
    (
        "averaged_sgd_train",
        act,
        f"results/benchmarks/averaged_sgd/{act}.tsv",
    )
    for act in AVERAGED_SGD["activations"]
]


use rule train_base as averaged_sgd_train with:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        lr=lambda wc: AVERAGED_SGD_SEARCHES[wc.activation],
    output:
        metrics=f"{AVERAGED_SGD_RUNS}/metrics.csv",
        summary=f"{AVERAGED_SGD_RUNS}/summary.json",
    log:
        "results/logs/averaged_sgd/{activation}.log",
    benchmark:
        "results/benchmarks/averaged_sgd/{activation}.tsv"
    wildcard_constraints:
        activation="|".join(AVERAGED_SGD["activations"]),
    resources:
        **compute_resources(minutes=0.1 * AVERAGED_SGD["passes"] * len(SEEDS)),
    params:
        run=lambda wc: run_params(
            ("averaged_sgd", {"hidden_activation": wc.activation}),
            batch_size=AVERAGED_SGD["batch_size"],
            max_passes=AVERAGED_SGD["passes"],
            ema_gamma=AVERAGED_SGD["ema_gamma"],
        ),
        lr_factor=config["lr_search"]["lr_factor"],
        identifiers=lambda wc: {
            "study": "averaged_sgd",
            "model": AVERAGED_SGD_MODELS[wc.activation],
            "activation": wc.activation,
            "batch_size": AVERAGED_SGD["batch_size"],
        },


rule averaged_sgd_aggregate:
    input:
        metrics=expand(
            f"{AVERAGED_SGD_RUNS}/metrics.csv", activation=AVERAGED_SGD["activations"]
        ),
        searches=[AVERAGED_SGD_SEARCHES[act] for act in AVERAGED_SGD["activations"]],
    output:
        metrics="results/metrics/averaged_sgd.csv",
        table=report(
            AVERAGED_SGD_TABLES["final.csv"],
            caption="../report/averaged_sgd/table.rst",
            category=AVERAGED_SGD_CATEGORY,
            subcategory="Final metrics",
            labels={"study": "averaged_sgd", "table": "final metrics (csv)"},
        ),
        markdown=report(
            AVERAGED_SGD_TABLES["final.md"],
            caption="../report/averaged_sgd/table.rst",
            category=AVERAGED_SGD_CATEGORY,
            subcategory="Final metrics",
            labels={"study": "averaged_sgd", "table": "final metrics (markdown)"},
        ),
    log:
        "results/logs/averaged_sgd/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        activations=AVERAGED_SGD["activations"],
        document=AVERAGED_SGD["document"],
    script:
        "../../scripts/averaged_sgd/aggregate.py"


rule averaged_sgd_figure:
    input:
        "results/metrics/averaged_sgd.csv",
    output:
        png=report(
            f"{AVERAGED_SGD_FIGURES}/trained_vs_averaged.png",
            caption="../report/averaged_sgd/figure.rst",
            category=AVERAGED_SGD_CATEGORY,
            subcategory="Curves",
            labels={"study": "averaged_sgd", "figure": "trained vs averaged weights"},
        ),
        pdf=f"{AVERAGED_SGD_FIGURES}/trained_vs_averaged.pdf",
    log:
        "results/logs/averaged_sgd/figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        skip_passes=AVERAGED_SGD["skip_passes"],
    script:
        "../../scripts/averaged_sgd/figure.py"

# Averaged SGD study (002_8b264e80ed0c5d82.txt, part 3): MLP(32, 16, 12) at B = 8 and half
# its divergent rate, with an exponential moving average of the weights evaluated beside
# them; once with ReLUs and once without (the notebook's network, whose ReLUs are unused).
# Both networks get their divergent rate from the shared lr_search rule.

AS = config["averaged_sgd"]
AS_MODELS = {act: model_id("averaged_sgd", act) for act in AS["activations"]}
AS_RUNS = "results/runs/averaged_sgd/{activation}"
AS_FIGURES = "results/figures/averaged_sgd"
for _activation, _model in AS_MODELS.items():
    LR_SEARCH_SECTIONS[_model] = ("averaged_sgd", {"hidden_activation": _activation})
AS_CATEGORY = "Averaged SGD (002, part 3)"


# The learning-rate search result of each network of the study.
AS_SEARCHES = {
    act: f"results/lr_search/{model}/B{AS['batch_size']}.json"
    for act, model in AS_MODELS.items()
}


localrules:
    averaged_sgd_aggregate,
    averaged_sgd_figure,


FINAL_TARGETS += [
    f"{AS_FIGURES}/trained_vs_averaged.png",
    f"{AS_FIGURES}/trained_vs_averaged.pdf",
    "results/tables/averaged_sgd_final.csv",
    "results/tables/averaged_sgd_final.md",
]
COMPUTE_JOBS += [
    (
        "lr_search",
        f"{model} B{AS['batch_size']}",
        f"results/benchmarks/lr_search/{model}/B{AS['batch_size']}.tsv",
    )
    for model in AS_MODELS.values()
]
COMPUTE_JOBS += [
    (
        "averaged_sgd_train",
        act,
        f"results/benchmarks/averaged_sgd/{act}.tsv",
    )
    for act in AS["activations"]
]


rule averaged_sgd_train:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        lr=lambda wc: AS_SEARCHES[wc.activation],
    output:
        metrics=f"{AS_RUNS}/metrics.csv",
        summary=f"{AS_RUNS}/summary.json",
    log:
        "results/logs/averaged_sgd/{activation}.log",
    benchmark:
        "results/benchmarks/averaged_sgd/{activation}.tsv"
    wildcard_constraints:
        activation="|".join(AS["activations"]),
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=0.1 * AS["passes"] * len(SEEDS)),
    params:
        run=lambda wc: run_params(
            ("averaged_sgd", {"hidden_activation": wc.activation}),
            batch_size=AS["batch_size"],
            max_passes=AS["passes"],
            ema_gamma=AS["ema_gamma"],
        ),
        seeds=SEEDS,
        lr_factor=config["lr_search"]["lr_factor"],
        identifiers=lambda wc: {
            "study": "averaged_sgd",
            "model": AS_MODELS[wc.activation],
            "activation": wc.activation,
            "batch_size": AS["batch_size"],
        },
        checkpoint_every_passes=config["compute"]["checkpoint_every_passes"],
        device=config["device"],
    script:
        "../../scripts/train.py"


rule averaged_sgd_aggregate:
    input:
        metrics=expand(f"{AS_RUNS}/metrics.csv", activation=AS["activations"]),
        searches=[AS_SEARCHES[act] for act in AS["activations"]],
    output:
        metrics="results/metrics/averaged_sgd.csv",
        table=report(
            "results/tables/averaged_sgd_final.csv",
            caption="../report/averaged_sgd/table.rst",
            category=AS_CATEGORY,
            subcategory="Final metrics",
            labels={"study": "averaged_sgd", "table": "final metrics (csv)"},
        ),
        markdown=report(
            "results/tables/averaged_sgd_final.md",
            caption="../report/averaged_sgd/table.rst",
            category=AS_CATEGORY,
            subcategory="Final metrics",
            labels={"study": "averaged_sgd", "table": "final metrics (markdown)"},
        ),
    log:
        "results/logs/averaged_sgd/aggregate.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        activations=AS["activations"],
        document=AS["document"],
    script:
        "../../scripts/averaged_sgd/aggregate.py"


rule averaged_sgd_figure:
    input:
        "results/metrics/averaged_sgd.csv",
    output:
        png=report(
            f"{AS_FIGURES}/trained_vs_averaged.png",
            caption="../report/averaged_sgd/figure.rst",
            category=AS_CATEGORY,
            subcategory="Curves",
            labels={"study": "averaged_sgd", "figure": "trained vs averaged weights"},
        ),
        pdf=f"{AS_FIGURES}/trained_vs_averaged.pdf",
    log:
        "results/logs/averaged_sgd/figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        skip_passes=AS["skip_passes"],
    script:
        "../../scripts/averaged_sgd/figure.py"

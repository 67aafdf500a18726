# minigrad study: 003_60588305cd3a2728.txt (assignment 2) and 004_3f409878d5cce0ab.txt
# problems 2-3, answered with the NumPy autodiff library sgdlab.minigrad. Training runs
# use NumPy on one core: they ask for CPUs only (gpu=0), never for a GPU.

MG = config["minigrad"]
MG_TRAIN = MG["training"]
MG_FIGURES = "results/figures/minigrad"
MG_RUNS = "results/runs/minigrad/{dataset}/{variant}"
MG_GROUPS = MG_TRAIN["groups"]
MG_CATEGORY = "minigrad autodiff library (003, 004 problems 2-3)"


localrules:
    minigrad_trace,
    minigrad_graph,
    minigrad_cost_figure,
    minigrad_aggregate,
    minigrad_curves,


FINAL_TARGETS += [
    "results/tables/autodiff_trace.csv",
    "results/tables/minigrad_cost_slopes.csv",
]
FINAL_TARGETS += expand(
    f"{MG_FIGURES}/{{name}}.{{ext}}",
    name=["graph_addition", "graph_trace", "cost", *[f"{g}_curves" for g in MG_GROUPS]],
    ext=["png", "pdf"],
)
FINAL_TARGETS += expand("results/tables/minigrad_{group}.csv", group=MG_GROUPS)
COMPUTE_JOBS += [("minigrad_cost", "cost", "results/benchmarks/minigrad/cost.tsv")]
COMPUTE_JOBS += [
    (
        "minigrad_train",
        f"{d} {v}",
        f"results/benchmarks/minigrad/{d}_{v}.tsv",
    )
    for d in MG_TRAIN["datasets"]
    for v in sorted({v for g in MG_GROUPS.values() for v in g})
]


# Metrics files of every run a group's figure and table are built from.
MG_GROUP_RUNS = {
    group: expand(
        f"{MG_RUNS}/metrics.csv",
        dataset=MG_TRAIN["datasets"],
        variant=variants,
    )
    for group, variants in MG_GROUPS.items()
}


rule minigrad_trace:
    output:
        report(
            "results/tables/autodiff_trace.csv",
            caption="../report/minigrad/trace.rst",
            category=MG_CATEGORY,
            subcategory="004 problem 2",
            labels={"study": "minigrad", "table": "evaluation trace"},
        ),
    log:
        "results/logs/minigrad/trace.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        points=MG["trace_points"],
    script:
        "../../scripts/minigrad/trace.py"


rule minigrad_graph:
    output:
        png=report(
            f"{MG_FIGURES}/graph_{{name}}.png",
            caption="../report/minigrad/graph.rst",
            category=MG_CATEGORY,
            subcategory="003 questions 5-8",
            labels={"study": "minigrad", "figure": "graph {name}"},
        ),
        pdf=f"{MG_FIGURES}/graph_{{name}}.pdf",
    log:
        "results/logs/minigrad/graph_{name}.log",
    wildcard_constraints:
        name="addition|trace",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        seed=MG["graph_seed"],
        point=MG["trace_points"][0],
    script:
        "../../scripts/minigrad/graph.py"


rule minigrad_cost:
    output:
        measurements="results/metrics/minigrad_cost.csv",
        slopes=report(
            "results/tables/minigrad_cost_slopes.csv",
            caption="../report/minigrad/cost_slopes.rst",
            category=MG_CATEGORY,
            subcategory="004 problem 3",
            labels={"study": "minigrad", "table": "cost slopes"},
        ),
    log:
        "results/logs/minigrad/cost.log",
    benchmark:
        "results/benchmarks/minigrad/cost.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: 1
    resources:
        gpu=0,
        mem_mb=2000,
        runtime=10,
    params:
        dims=MG["cost"]["dims"],
        ops=MG["cost"]["ops"],
        fixed_ops=MG["cost"]["fixed_ops"],
        fixed_dim=MG["cost"]["fixed_dim"],
        repeats=MG["cost"]["repeats"],
        slope_min_dim=MG["cost"]["slope_min_dim"],
    script:
        "../../scripts/minigrad/cost.py"


rule minigrad_cost_figure:
    input:
        measurements="results/metrics/minigrad_cost.csv",
        slopes="results/tables/minigrad_cost_slopes.csv",
    output:
        png=report(
            f"{MG_FIGURES}/cost.png",
            caption="../report/minigrad/cost.rst",
            category=MG_CATEGORY,
            subcategory="004 problem 3",
            labels={"study": "minigrad", "figure": "cost of the two modes"},
        ),
        pdf=f"{MG_FIGURES}/cost.pdf",
    log:
        "results/logs/minigrad/cost_figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/minigrad/cost_figure.py"


rule minigrad_train:
    input:
        # FashionMNIST files and subsample for FashionMNIST runs; nothing for synthetic ones.
        unpack(
            lambda wc: (
                {"data": DATA_FILES, "subsample": SUBSAMPLE}
                if wc.dataset == "fashion"
                else {}
            )
        ),
    output:
        f"{MG_RUNS}/metrics.csv",
    log:
        "results/logs/minigrad/{dataset}_{variant}.log",
    benchmark:
        "results/benchmarks/minigrad/{dataset}_{variant}.tsv"
    wildcard_constraints:
        dataset="synthetic|fashion",
    conda:
        "../../envs/sgdlab.yaml"
    threads: 1
    resources:
        gpu=0,
        mem_mb=2000,
        runtime=10,
    params:
        training=MG_TRAIN,
        seeds=SEEDS,
    script:
        "../../scripts/minigrad/train.py"


rule minigrad_aggregate:
    input:
        lambda wc: MG_GROUP_RUNS[wc.group],
    output:
        metrics="results/metrics/minigrad_{group}.csv",
        table=report(
            "results/tables/minigrad_{group}.csv",
            caption="../report/minigrad/table.rst",
            category=MG_CATEGORY,
            subcategory="003 questions 9-10",
            labels={"study": "minigrad", "table": "{group}"},
        ),
    log:
        "results/logs/minigrad/aggregate_{group}.log",
    wildcard_constraints:
        group="|".join(MG_GROUPS),
    conda:
        "../../envs/sgdlab.yaml"
    params:
        baseline=MG_TRAIN["baseline"],
    script:
        "../../scripts/minigrad/aggregate.py"


rule minigrad_curves:
    input:
        "results/metrics/minigrad_{group}.csv",
    output:
        png=report(
            f"{MG_FIGURES}/{{group}}_curves.png",
            caption="../report/minigrad/curves.rst",
            category=MG_CATEGORY,
            subcategory="003 questions 9-10",
            labels={"study": "minigrad", "figure": "{group}"},
        ),
        pdf=f"{MG_FIGURES}/{{group}}_curves.pdf",
    log:
        "results/logs/minigrad/curves_{group}.log",
    wildcard_constraints:
        group="|".join(MG_GROUPS),
    conda:
        "../../envs/sgdlab.yaml"
    params:
        variants=lambda wc: MG_GROUPS[wc.group],
        heading=lambda wc: f"003 question {9 if wc.group == 'activation' else 10}: validation accuracy, {wc.group}",
    script:
        "../../scripts/minigrad/curves.py"

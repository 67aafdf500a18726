# minigrad study: 003_60588305cd3a2728.txt (assignment 2) and 004_3f409878d5cce0ab.txt
# problems 2-3, answered with the NumPy autodiff library sgdlab.minigrad. Training runs
# use NumPy on one core: they ask for CPUs only (gpu=0), never for a GPU.

from sgdlab.studies.minigrad import (
    FIGURES as MINIGRAD_FIGURE_NAMES,
    GRAPHS as MINIGRAD_GRAPHS,
    GROUP_FIGURE as MINIGRAD_GROUP_FIGURE_NAME,
    GROUP_GRID_FIGURE as MINIGRAD_GROUP_GRID_FIGURE_NAME,
    GROUP_TABLE as MINIGRAD_GROUP_TABLE,
    TABLES as MINIGRAD_TABLES,
)

MINIGRAD = config["minigrad"]
MINIGRAD_COST = MINIGRAD["cost"]
MINIGRAD_TRAINING = MINIGRAD["training"]
MINIGRAD_GROUPS = MINIGRAD_TRAINING["groups"]
MINIGRAD_VARIANTS = sorted(
    {v for variants in MINIGRAD_GROUPS.values() for v in variants}
)
MINIGRAD_FIGURES = "results/figures/minigrad"
MINIGRAD_RUNS = "results/runs/minigrad/{dataset}/{variant}"
MINIGRAD_CATEGORY = "minigrad autodiff library (003, 004 problems 2-3)"
# What each graph is drawn from: the seed of a and b, or the trace's first point.
MINIGRAD_GRAPH_SETTINGS = {
    "addition": {"seed": MINIGRAD["graph_seed"]},
    "trace": {"point": MINIGRAD["trace_points"][0]},
}
MINIGRAD_GROUP_FIGURE = f"{MINIGRAD_FIGURES}/{MINIGRAD_GROUP_FIGURE_NAME}"
MINIGRAD_GROUP_GRID_FIGURE = f"{MINIGRAD_FIGURES}/{MINIGRAD_GROUP_GRID_FIGURE_NAME}"
MINIGRAD_LIBRARY_SOURCES = sorted(
    str(path.relative_to(workflow.basedir))
    for path in (Path(workflow.basedir) / "src/sgdlab/minigrad").rglob("*.py")
)


localrules:
    minigrad_checks,
    minigrad_graphs,
    minigrad_cost_slopes,
    minigrad_cost_figure,
    minigrad_aggregate,
    minigrad_curves,


FINAL_TARGETS += [f"results/tables/{name}" for name in MINIGRAD_TABLES]
FINAL_TARGETS += expand(f"results/tables/{MINIGRAD_GROUP_TABLE}", group=MINIGRAD_GROUPS)
FINAL_TARGETS += expand(
    f"{MINIGRAD_FIGURES}/{{name}}.{{ext}}",
    name=MINIGRAD_FIGURE_NAMES,
    ext=["png", "pdf"],
)
FINAL_TARGETS += [
    path
    for figure in (MINIGRAD_GROUP_FIGURE, MINIGRAD_GROUP_GRID_FIGURE)
    for path in expand(f"{figure}.{{ext}}", group=MINIGRAD_GROUPS, ext=["png", "pdf"])
]
COMPUTE_JOBS += [("minigrad_cost", "cost", "results/benchmarks/minigrad/cost.tsv")]
COMPUTE_JOBS += [
    ("minigrad_train", f"{d} {v}", f"results/benchmarks/minigrad/{d}_{v}.tsv")
    for d in MINIGRAD_TRAINING["datasets"]
    for v in MINIGRAD_VARIANTS
]


# Metrics files of every run a group's figure and table are built from.
MINIGRAD_GROUP_RUNS = {
    group: expand(
        f"{MINIGRAD_RUNS}/metrics.csv",
        dataset=MINIGRAD_TRAINING["datasets"],
        variant=variants,
    )
    for group, variants in MINIGRAD_GROUPS.items()
}


rule minigrad_checks:
    input:
        # The library the source lines are quoted from: an edit rebuilds the quotes.
        MINIGRAD_LIBRARY_SOURCES,
    output:
        trace=report(
            "results/tables/minigrad_trace.csv",
            caption="../report/minigrad/trace.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="004 problem 2",
            labels={"study": "minigrad", "table": "evaluation trace"},
        ),
        op_checks=report(
            "results/tables/minigrad_op_checks.csv",
            caption="../report/minigrad/op_checks.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="003 questions 1-4, 8",
            labels={"study": "minigrad", "table": "op checks"},
        ),
        graph_values=report(
            "results/tables/minigrad_graph_values.csv",
            caption="../report/minigrad/graph_values.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="003 questions 5-8",
            labels={"study": "minigrad", "table": "c = a + b"},
        ),
        source_lines=report(
            "results/tables/minigrad_source_lines.csv",
            caption="../report/minigrad/source_lines.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="003 questions 5-8",
            labels={"study": "minigrad", "table": "source lines"},
        ),
    log:
        "results/logs/minigrad/checks.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        table="checks",
        points=MINIGRAD["trace_points"],
        graph_seed=MINIGRAD["graph_seed"],
    script:
        "../../scripts/minigrad/table.py"


rule minigrad_graphs:
    output:
        **{
            f"{name}_png": report(
                f"{MINIGRAD_FIGURES}/graph_{name}.png",
                caption="../report/minigrad/graph.rst",
                category=MINIGRAD_CATEGORY,
                subcategory="003 questions 5-8",
                labels={"study": "minigrad", "figure": f"graph {name}"},
            )
            for name in MINIGRAD_GRAPHS
        },
        **{
            f"{name}_pdf": f"{MINIGRAD_FIGURES}/graph_{name}.pdf"
            for name in MINIGRAD_GRAPHS
        },
    log:
        "results/logs/minigrad/graphs.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        figure="graphs",
        settings=MINIGRAD_GRAPH_SETTINGS,
    script:
        "../../scripts/minigrad/figure.py"


rule minigrad_cost:
    output:
        "results/runs/minigrad/cost.csv",
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
        experiment="cost",
        dims=MINIGRAD_COST["dims"],
        ops=MINIGRAD_COST["ops"],
        fixed_ops=MINIGRAD_COST["fixed_ops"],
        fixed_dim=MINIGRAD_COST["fixed_dim"],
        repeats=MINIGRAD_COST["repeats"],
    script:
        "../../scripts/minigrad/train.py"


rule minigrad_cost_slopes:
    input:
        "results/runs/minigrad/cost.csv",
    output:
        report(
            "results/tables/minigrad_cost_slopes.csv",
            caption="../report/minigrad/cost_slopes.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="004 problem 3",
            labels={"study": "minigrad", "table": "cost slopes"},
        ),
    log:
        "results/logs/minigrad/cost_slopes.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        table="cost_slopes",
    script:
        "../../scripts/minigrad/table.py"


rule minigrad_cost_figure:
    input:
        measurements="results/runs/minigrad/cost.csv",
        slopes="results/tables/minigrad_cost_slopes.csv",
    output:
        png=report(
            f"{MINIGRAD_FIGURES}/cost.png",
            caption="../report/minigrad/cost.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="004 problem 3",
            labels={"study": "minigrad", "figure": "cost of the two modes"},
        ),
        pdf=f"{MINIGRAD_FIGURES}/cost.pdf",
    log:
        "results/logs/minigrad/cost_figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        figure="cost",
    script:
        "../../scripts/minigrad/figure.py"


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
        f"{MINIGRAD_RUNS}/metrics.csv",
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
        experiment="mlp",
        # Only this job's keys: its data set's sizes, the base and its variant's overrides.
        sizes=lambda wc: MINIGRAD_TRAINING[wc.dataset],
        base=MINIGRAD_TRAINING["base"],
        overrides=lambda wc: MINIGRAD_TRAINING["variants"][wc.variant],
        tuning=MINIGRAD_TRAINING["tuning"],
        seeds=SEEDS,
    script:
        "../../scripts/minigrad/train.py"


rule minigrad_aggregate:
    input:
        lambda wc: MINIGRAD_GROUP_RUNS[wc.group],
    output:
        metrics="results/metrics/minigrad_{group}.csv",
        table=report(
            f"results/tables/{MINIGRAD_GROUP_TABLE}",
            caption="../report/minigrad/table.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="003 questions 9-10",
            labels={"study": "minigrad", "table": "{group}"},
        ),
    log:
        "results/logs/minigrad/aggregate_{group}.log",
    wildcard_constraints:
        group="|".join(MINIGRAD_GROUPS),
    conda:
        "../../envs/sgdlab.yaml"
    params:
        baseline=MINIGRAD_TRAINING["baseline"],
    script:
        "../../scripts/minigrad/aggregate.py"


rule minigrad_curves:
    input:
        "results/metrics/minigrad_{group}.csv",
    output:
        png=report(
            f"{MINIGRAD_GROUP_FIGURE}.png",
            caption="../report/minigrad/curves.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="003 questions 9-10",
            labels={"study": "minigrad", "figure": "{group}"},
        ),
        pdf=f"{MINIGRAD_GROUP_FIGURE}.pdf",
        grid_png=report(
            f"{MINIGRAD_GROUP_GRID_FIGURE}.png",
            caption="../report/minigrad/lr_grid.rst",
            category=MINIGRAD_CATEGORY,
            subcategory="003 questions 9-10",
            labels={"study": "minigrad", "figure": "{group} learning rates"},
        ),
        grid_pdf=f"{MINIGRAD_GROUP_GRID_FIGURE}.pdf",
    log:
        "results/logs/minigrad/curves_{group}.log",
    wildcard_constraints:
        group="|".join(MINIGRAD_GROUPS),
    conda:
        "../../envs/sgdlab.yaml"
    params:
        figure="curves",
        variants=lambda wc: MINIGRAD_GROUPS[wc.group],
        baseline=MINIGRAD_TRAINING["baseline"],
        heading=lambda wc: f"003 question {9 if wc.group == 'activation' else 10}: held-out test accuracy at each variant's tuned rate ({wc.group})",
    script:
        "../../scripts/minigrad/figure.py"

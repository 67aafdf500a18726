# Logistic-regression study (004_3f409878d5cce0ab.txt, problem 5): the five true/false
# statements about l2-regularized logistic regression, each answered by a measurement, and
# the multi-class model of equations 7-14 (w_R = 0) along its regularization path. Each
# solver job gets only the config keys it reads.

from sgdlab.studies.logreg import (
    FIGURE_SETTINGS as LOGREG_FIGURE_SETTINGS,
    FIGURE_SOURCES as LOGREG_FIGURE_SOURCES,
    FIGURES as LOGREG_FIGURE_NAMES,
    TABLES as LOGREG_TABLES,
)

LOGREG = config["logreg"]
LOGREG_RUNS = "results/runs/logreg"
LOGREG_FIGURES = "results/figures/logreg"
LOGREG_CATEGORY = "Logistic regression (004, problem 5)"
LOGREG_DATA = {"data": DATA_FILES, "subsample": SUBSAMPLE}


localrules:
    logreg_tables,
    logreg_figures,


FINAL_TARGETS += [f"results/tables/{name}" for name in LOGREG_TABLES]
FINAL_TARGETS += expand(
    f"{LOGREG_FIGURES}/{{name}}.{{ext}}", name=LOGREG_FIGURE_NAMES, ext=["png", "pdf"]
)
COMPUTE_JOBS += [
    (f"logreg_{name}", name, f"results/benchmarks/logreg/{name}.tsv")
    for name in ["separability", "path", "restarts", "unregularized", "multiclass"]
]


rule logreg_separability:
    input:
        **LOGREG_DATA,
    output:
        f"{LOGREG_RUNS}/separability.json",
    log:
        "results/logs/logreg/separability.log",
    benchmark:
        "results/benchmarks/logreg/separability.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: 1
    resources:
        gpu=0,
    params:
        experiment="separability",
        separable_pair=LOGREG["separable_pair"],
        device="cpu",
    script:
        "../../scripts/logreg/train.py"


rule logreg_path:
    input:
        **LOGREG_DATA,
    output:
        f"{LOGREG_RUNS}/path.csv",
    log:
        "results/logs/logreg/path.log",
    benchmark:
        "results/benchmarks/logreg/path.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=2),
    params:
        experiment="path",
        pair=LOGREG["pair"],
        lambdas=LOGREG["lambdas"],
        grad_tol=LOGREG["grad_tol"],
        max_iter=LOGREG["max_iter"],
        sparsity_threshold=LOGREG["sparsity_threshold"],
        l1_tol=LOGREG["l1_tol"],
        device=config["device"],
    script:
        "../../scripts/logreg/train.py"


rule logreg_restarts:
    input:
        **LOGREG_DATA,
        check=f"{LOGREG_RUNS}/separability.json",
    output:
        summary=f"{LOGREG_RUNS}/restarts.csv",
        traces=f"{LOGREG_RUNS}/restart_traces.csv",
    log:
        "results/logs/logreg/restarts.log",
    benchmark:
        "results/benchmarks/logreg/restarts.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=1),
    params:
        experiment="restarts",
        separable_pair=LOGREG["separable_pair"],
        synthetic=LOGREG["synthetic"],
        restarts=LOGREG["restarts"],
        grad_tol=LOGREG["grad_tol"],
        max_iter=LOGREG["max_iter"],
        device=config["device"],
    script:
        "../../scripts/logreg/train.py"


rule logreg_unregularized:
    input:
        **LOGREG_DATA,
        check=f"{LOGREG_RUNS}/separability.json",
    output:
        f"{LOGREG_RUNS}/unregularized.csv",
    log:
        "results/logs/logreg/unregularized.log",
    benchmark:
        "results/benchmarks/logreg/unregularized.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=1),
    params:
        experiment="unregularized",
        separable_pair=LOGREG["separable_pair"],
        synthetic=LOGREG["synthetic"],
        descent=LOGREG["descent"],
        device=config["device"],
    script:
        "../../scripts/logreg/train.py"


rule logreg_multiclass:
    input:
        **LOGREG_DATA,
    output:
        f"{LOGREG_RUNS}/multiclass.csv",
    log:
        "results/logs/logreg/multiclass.log",
    benchmark:
        "results/benchmarks/logreg/multiclass.tsv"
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=3),
    params:
        experiment="multiclass",
        multiclass=LOGREG["multiclass"],
        device=config["device"],
    script:
        "../../scripts/logreg/train.py"


rule logreg_tables:
    input:
        path=f"{LOGREG_RUNS}/path.csv",
        restarts=f"{LOGREG_RUNS}/restarts.csv",
        descent=f"{LOGREG_RUNS}/unregularized.csv",
        multiclass=f"{LOGREG_RUNS}/multiclass.csv",
    output:
        statements_csv=report(
            "results/tables/logreg_statements.csv",
            caption="../report/logreg/statements_table.rst",
            category=LOGREG_CATEGORY,
            subcategory="Tables",
            labels={"study": "logreg", "table": "statements"},
        ),
        statements_md="results/tables/logreg_statements.md",
        multiclass_csv=report(
            "results/tables/logreg_multiclass.csv",
            caption="../report/logreg/multiclass_table.rst",
            category=LOGREG_CATEGORY,
            subcategory="Tables",
            labels={"study": "logreg", "table": "multi-class"},
        ),
        multiclass_md="results/tables/logreg_multiclass.md",
    log:
        "results/logs/logreg/tables.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/logreg/table.py"


rule logreg_figures:
    input:
        # Each run table once, named by its stem (restarts, path, ...).
        **{
            Path(source).stem: f"{LOGREG_RUNS}/{source}"
            for sources in LOGREG_FIGURE_SOURCES.values()
            for source in sources
        },
    output:
        **{
            f"{name}_png": report(
                f"{LOGREG_FIGURES}/{name}.png",
                caption=f"../report/logreg/{name}.rst",
                category=LOGREG_CATEGORY,
                subcategory="Statements",
                labels={"study": "logreg", "figure": name},
            )
            for name in LOGREG_FIGURE_NAMES
        },
        **{
            f"{name}_pdf": f"{LOGREG_FIGURES}/{name}.pdf"
            for name in LOGREG_FIGURE_NAMES
        },
    log:
        "results/logs/logreg/figures.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        settings={
            name: {key: LOGREG[key] for key in LOGREG_FIGURE_SETTINGS.get(name, ())}
            for name in LOGREG_FIGURE_NAMES
        },
    script:
        "../../scripts/logreg/figure.py"

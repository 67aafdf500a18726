# Logistic-regression study (004_3f409878d5cce0ab.txt, problem 5): the five true/false
# statements about l2-regularized logistic regression, each answered by a measurement, and
# the multi-class model of equations 7-14 (w_R = 0) along its regularization path.

LOGREG = config["logreg"]
LOGREG_DIR = "results/logreg"
LOGREG_FIGURES = "results/figures/logreg"
LOGREG_CATEGORY = "Logistic regression (004, problem 5)"
LOGREG_STATEMENTS = {
    1: "statement1_local_optima",
    2: "statement2_sparsity",
    3: "statement3_unregularized",
    4: "statement4_train_likelihood",
    5: "statement5_test_likelihood",
}
# What each statement's figure is drawn from (restarts also need their traces).
LOGREG_FIGURE_INPUTS = {
    1: [f"{LOGREG_DIR}/restarts.csv", f"{LOGREG_DIR}/restart_traces.csv"],
    2: [f"{LOGREG_DIR}/path.csv"],
    3: [f"{LOGREG_DIR}/unregularized.csv"],
    4: [f"{LOGREG_DIR}/path.csv"],
    5: [f"{LOGREG_DIR}/path.csv"],
}
LOGREG_TABLES = [
    "results/tables/logreg_statements.csv",
    "results/tables/logreg_statements.md",
    "results/tables/logreg_multiclass.csv",
    "results/tables/logreg_multiclass.md",
]


localrules:
    logreg_tables,
    logreg_figure,


FINAL_TARGETS += LOGREG_TABLES
FINAL_TARGETS += [
    f"{LOGREG_FIGURES}/{name}.{ext}"
    for name in LOGREG_STATEMENTS.values()
    for ext in ["png", "pdf"]
]
COMPUTE_JOBS += [
    (f"logreg_{name}", name, f"results/benchmarks/logreg/{name}.tsv")
    for name in ["separability", "path", "restarts", "unregularized", "multiclass"]
]


rule logreg_separability:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        f"{LOGREG_DIR}/separability.json",
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
        cfg=LOGREG,
        device="cpu",
    script:
        "../../scripts/logreg/separability.py"


rule logreg_path:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        f"{LOGREG_DIR}/path.csv",
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
        cfg=LOGREG,
        device=config["device"],
    script:
        "../../scripts/logreg/path.py"


rule logreg_restarts:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        check=f"{LOGREG_DIR}/separability.json",
    output:
        summary=f"{LOGREG_DIR}/restarts.csv",
        traces=f"{LOGREG_DIR}/restart_traces.csv",
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
        cfg=LOGREG,
        device=config["device"],
    script:
        "../../scripts/logreg/restarts.py"


rule logreg_unregularized:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
        check=f"{LOGREG_DIR}/separability.json",
    output:
        f"{LOGREG_DIR}/unregularized.csv",
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
        cfg=LOGREG,
        device=config["device"],
    script:
        "../../scripts/logreg/unregularized.py"


rule logreg_multiclass:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        f"{LOGREG_DIR}/multiclass.csv",
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
        cfg=LOGREG,
        device=config["device"],
    script:
        "../../scripts/logreg/multiclass.py"


rule logreg_tables:
    input:
        path=f"{LOGREG_DIR}/path.csv",
        restarts=f"{LOGREG_DIR}/restarts.csv",
        descent=f"{LOGREG_DIR}/unregularized.csv",
        multiclass=f"{LOGREG_DIR}/multiclass.csv",
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
        "../../scripts/logreg/tables.py"


rule logreg_figure:
    input:
        lambda wc: LOGREG_FIGURE_INPUTS[int(wc.statement)],
    output:
        png=report(
            f"{LOGREG_FIGURES}/statement{{statement}}_{{name}}.png",
            caption="../report/logreg/statement.rst",
            category=LOGREG_CATEGORY,
            subcategory="Statements",
            labels={"study": "logreg", "statement": "{statement}"},
        ),
        pdf=f"{LOGREG_FIGURES}/statement{{statement}}_{{name}}.pdf",
    log:
        "results/logs/logreg/figure_statement{statement}_{name}.log",
    wildcard_constraints:
        statement="[1-5]",
        name="[a-z_]+",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        threshold=LOGREG["sparsity_threshold"],
    script:
        "../../scripts/logreg/figure.py"

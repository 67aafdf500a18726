# Report stage: provenance of the results and the compute cost of the protocol.

FINAL_TARGETS += [
    "results/provenance.json",
    "results/tables/compute_cost.csv",
    "results/figures/compute_cost.png",
]


localrules:
    provenance,
    compute_cost,
    compute_cost_figure,


rule provenance:
    input:
        DATA_FILES,
    output:
        report(
            "results/provenance.json",
            caption="../report/report/provenance.rst",
            category="Provenance",
            labels={"file": "provenance.json"},
        ),
    log:
        "results/logs/provenance.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        table="provenance",
        config=config,
        repo=workflow.basedir,
        device=config["device"],
    script:
        "../../scripts/report/table.py"


rule compute_cost:
    input:
        benchmarks=lambda wildcards: [path for _, _, path in COMPUTE_JOBS],
        logs=lambda wildcards: compute_job_logs(),
    output:
        report(
            "results/tables/compute_cost.csv",
            caption="../report/report/compute_cost.rst",
            category="Compute cost",
            labels={"file": "table"},
        ),
    log:
        "results/logs/compute_cost.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        table="compute_cost",
        jobs=lambda wildcards: [[rule, name] for rule, name, _ in COMPUTE_JOBS],
    script:
        "../../scripts/report/table.py"


rule compute_cost_figure:
    input:
        "results/tables/compute_cost.csv",
    output:
        png=report(
            "results/figures/compute_cost.png",
            caption="../report/report/compute_cost.rst",
            category="Compute cost",
            labels={"file": "figure"},
        ),
        pdf="results/figures/compute_cost.pdf",
    log:
        "results/logs/compute_cost_figure.log",
    conda:
        "../../envs/sgdlab.yaml"
    script:
        "../../scripts/report/figure.py"

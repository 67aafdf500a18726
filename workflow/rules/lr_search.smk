# Divergent-learning-rate search, one job per (model, batch size) that searches every
# replicate seed's own rate in lockstep. A study that trains at eta*_B / 2 registers its
# section in LR_SEARCH_SECTIONS, asks for lr_search_result(model, batch size) and adds
# lr_search_jobs(model, batch sizes) to COMPUTE_JOBS (both in common.smk).


rule lr_search:
    input:
        data=DATA_FILES,
        subsample=SUBSAMPLE,
    output:
        lr_search_result("{model}"),
    log:
        "results/logs/lr_search/{model}/B{batch_size}.log",
    benchmark:
        "results/benchmarks/lr_search/{model}/B{batch_size}.tsv"
    # Training runs wait for it: start it before jobs nothing waits for.
    priority: 1
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    resources:
        **compute_resources(minutes=10),
    params:
        # The probes skip test metrics, so the section's test schedule is left out.
        run=lambda wc: run_params(
            LR_SEARCH_SECTIONS[wc.model],
            batch_size=int(wc.batch_size),
            max_passes=config["lr_search"]["probe_passes"],
            log_every_passes=config["lr_search"]["check_every_passes"],
            divergence_factor=config["lr_search"]["divergence_factor"],
            test_points=None,
        ),
        search=lambda wc: search_settings(wc.model),
        collapse_accuracy=lambda wc: search_overrides(wc.model).get(
            "collapse_accuracy", config["lr_search"]["collapse_accuracy"]
        ),
        seeds=SEEDS,
        device=config["device"],
    script:
        "../../scripts/lr_search/search.py"

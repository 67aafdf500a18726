# The base training rule: the skeleton every training job shares (threads, GPU resource
# class, priority, replicate seeds, checkpointing, device). Each study derives its rule with
# `use rule train_base as <study>_train with:` and gives input, output, log, benchmark,
# resources (compute_resources) and the params of its runs (run, lr or lr_factor,
# identifiers); params are merged with these, every other directive replaces the base's.
rule train_base:
    log:
        "results/logs/train_base.log",
    # Training runs are the protocol's longest jobs: start them before figures and tables.
    priority: 1
    conda:
        "../../envs/sgdlab.yaml"
    threads: config["compute"]["threads_per_job"]
    params:
        seeds=SEEDS,
        checkpoint_every_passes=config["compute"]["checkpoint_every_passes"],
        device=config["device"],
    script:
        "../../scripts/train.py"

# Data stage: verified FashionMNIST files, then the seeded training subsample.


# Cheap, and a download needs the internet that compute nodes often lack: run them where
# snakemake runs, also with the SLURM profile.
localrules:
    fetch_data,
    subsample,


rule fetch_data:
    output:
        DATA_FILES,
    log:
        "results/logs/data/fetch_data.log",
    # Every study's longest jobs wait for the data: fetch and subsample it first.
    priority: 3
    conda:
        "../../envs/sgdlab.yaml"
    params:
        data="fashion_mnist",
        source=config["data"]["source"],
    script:
        "../../scripts/data/data.py"


rule subsample:
    input:
        DATA_FILES,
    output:
        subsample="results/data/subsample/seed{subsample_seed}.json",
        class_counts="results/data/subsample/seed{subsample_seed}_class_counts.csv",
    log:
        "results/logs/data/subsample_seed{subsample_seed}.log",
    priority: 3
    conda:
        "../../envs/sgdlab.yaml"
    params:
        data="subsample",
        fraction=config["data"]["subsample_fraction"],
        test_images=config["data"]["test_images"],
        seed=lambda wc: int(wc.subsample_seed),
    script:
        "../../scripts/data/data.py"

# Helpers shared by every rules file: config checks, paths, params and resources.

import sys
from pathlib import Path

# The library in src/ for this file and, through PYTHONPATH, for every job's script (also
# inside a conda environment, where the package is not installed).
SRC = str(Path(workflow.basedir) / "src")
sys.path.insert(0, SRC)

from sgdlab.pipeline.config_checks import check_config  # noqa: E402
from sgdlab.pipeline.fashion_mnist import FILENAMES  # noqa: E402
from sgdlab.engine.models import model_slug  # noqa: E402
from sgdlab.pipeline.job import export_library_path, local_gpu_count  # noqa: E402

export_library_path(SRC)

# Checks the schema cannot express, before any job runs (a missing source directory, ...).
check_config(config)

DATA_DIR = "results/data/fashion-mnist"
DATA_FILES = [f"{DATA_DIR}/{name}" for name in FILENAMES]
SUBSAMPLE = f"results/data/subsample/seed{config['data']['subsample_seed']}.json"
SEEDS = config["seeds"]

# Final outputs of every study and stage; `rule all` in the Snakefile asks for all of them.
FINAL_TARGETS = []
# (rule, job name, benchmark file) of every search and training job, for the cost table.
COMPUTE_JOBS = []
# Model id -> config section whose engine settings its learning-rate search uses.
LR_SEARCH_SECTIONS = {}


wildcard_constraints:
    batch_size=r"\d+",
    seed=r"\d+",


def gpus_per_job():
    """The `gpu` resource of training and search jobs (config compute.gpus_per_job)."""
    gpus = config["compute"]["gpus_per_job"]
    if config["device"] == "cpu":
        return 0
    if gpus == "auto":
        return min(local_gpu_count(), 1)
    return gpus


def compute_resources(minutes):
    """Resources of a training or search job: GPUs, and runtime/memory that grow on retry.

    ``minutes`` is a generous estimate on one CPU core; a retried job gets twice as much.
    """
    return {
        "gpu": gpus_per_job(),
        "mem_mb": lambda wildcards, attempt: 4000 * attempt,
        "runtime": lambda wildcards, attempt: max(10, int(minutes)) * attempt,
    }


def run_params(section, **extra):
    """Engine settings of one study section as plain rule params (rerun on change)."""
    cfg = config[section]
    return {
        "model": cfg["model"]["name"],
        "hidden": cfg["model"].get("hidden", []),
        "sampling": cfg["sampling"],
        "log_every_passes": cfg["log_every_passes"],
        "divergence_factor": cfg["divergence_factor"],
        "eval_batch_size": config["compute"]["eval_batch_size"],
        **extra,
    }


def model_id(section):
    """Readable model identifier of a study section, for paths (mlp-64, cnn)."""
    model = config[section]["model"]
    return model_slug(model["name"], model.get("hidden", []))

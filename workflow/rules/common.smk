# Helpers shared by every rules file: config checks, paths, params and resources.

import sys
from pathlib import Path

# The library in src/ for this file and, through PYTHONPATH, for every job's script (also
# inside a conda environment, where the package is not installed).
SRC = str(Path(workflow.basedir) / "src")
sys.path.insert(0, SRC)

from sgdlab.config import check_config  # noqa: E402
from sgdlab.data import FILENAMES  # noqa: E402
from sgdlab.models import model_slug  # noqa: E402
from sgdlab.runtime import export_library_path  # noqa: E402

export_library_path(SRC)

# Checks the schema cannot express, before any job runs (a missing source directory, ...).
check_config(config)

DATA_DIR = "results/data/fashion-mnist"
DATA_FILES = [f"{DATA_DIR}/{name}" for name in FILENAMES]
SUBSAMPLE = f"results/data/subsample/seed{config['data']['subsample_seed']}.json"
SEEDS = config["seeds"]

# Final outputs of every study; `rule all` in the Snakefile asks for all of them.
STUDY_TARGETS = []
# Model id -> config section whose engine settings its learning-rate search uses.
LR_SEARCH_SECTIONS = {}


wildcard_constraints:
    batch_size=r"\d+",
    seed=r"\d+",


def compute_resources(passes=1.0):
    """Resources of a training or search job: GPU count, and rough runtime/memory."""
    return {
        "gpu": config["compute"]["gpus_per_job"],
        "mem_mb": 4000,
        "runtime": max(10, int(30 * passes)),
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

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
    """Engine settings of one study section as plain rule params (rerun on change).

    ``section`` is a config section name, or (name, settings) for one of several models of
    one study (a LR_SEARCH_SECTIONS value). The section's optional keys `test_points`,
    `preprocessing`, `model.activation` and `optimizer` reach the engine only when set, so
    the params of studies without them stay unchanged.
    """
    if not isinstance(section, str):
        section, fixed = section
        extra = {**fixed, **extra}
    cfg = config[section]
    optional = {
        "test_points": cfg.get("test_points"),
        "preprocessing": cfg.get("preprocessing"),
        "hidden_activation": cfg["model"].get("activation"),
        "optimizer": cfg.get("optimizer"),
    }
    return {
        "model": cfg["model"]["name"],
        "hidden": cfg["model"].get("hidden", []),
        "sampling": cfg["sampling"],
        "log_every_passes": cfg["log_every_passes"],
        "divergence_factor": cfg["divergence_factor"],
        "eval_batch_size": config["compute"]["eval_batch_size"],
        "compile_evaluation": config["compute"]["compile_evaluation"],
        **{key: value for key, value in optional.items() if value is not None},
        **extra,
    }


def model_id(section, activation=None):
    """Readable model identifier of a study section, for paths (mlp-64, cnn).

    ``activation`` overrides the section's `model.activation` (mlp-32-16-12-linear for none).
    """
    model = config[section]["model"]
    activation = activation or model.get("activation", "relu")
    return model_slug(model["name"], model.get("hidden", []), activation)


def search_overrides(model):
    """The `lr_search` entry of the study section that trains ``model`` (may be empty)."""
    section = LR_SEARCH_SECTIONS[model]
    name = section if isinstance(section, str) else section[0]
    return config[name].get("lr_search", {})


def search_settings(model):
    """Search settings: config lr_search, overridden by the section's `lr_search` entry."""
    overrides = search_overrides(model)
    keys = ("min_lr", "max_lr", "factor", "rel_precision", "loss_ratio")
    return {key: overrides.get(key, config["lr_search"][key]) for key in keys}


def lr_search_result(model, batch_size="{batch_size}"):
    """The search result of ``model`` at ``batch_size`` (the wildcard unless given)."""
    return f"results/runs/lr_search/{model}/B{batch_size}.json"


def lr_search_jobs(model, batch_sizes):
    """COMPUTE_JOBS entries of the searches of ``model`` at each of ``batch_sizes``."""
    return [
        ("lr_search", f"{model} B{b}", f"results/benchmarks/lr_search/{model}/B{b}.tsv")
        for b in batch_sizes
    ]


def compute_job_logs():
    """Each compute job's log (its usage line), named like its benchmark file."""
    return [
        path.replace("results/benchmarks/", "results/logs/").removesuffix(".tsv")
        + ".log"
        for _, _, path in COMPUTE_JOBS
    ]


def answer_producers():
    """Rule that makes each table and figure of the book, to name it beside the answer."""
    paths = ANSWERS.table_paths() + ANSWERS.figure_paths()
    return {
        path: rule.name
        for path in paths
        for rule in workflow.rules
        if rule.name != "all" and rule.is_producer(path)
    }

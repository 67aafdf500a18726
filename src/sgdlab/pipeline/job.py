"""The job wrapper every rule script uses: its log file, its threads, its device, its usage."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch


@contextlib.contextmanager
def job(
    log_path: str | Path, threads: int = 1, device: str | None = None
) -> Iterator[torch.device | None]:
    """Send the job's output to its log, use its declared threads, yield its device.

    Without a ``device`` the job does not import torch (a figure or table job starts about
    1.7 s faster) and yields None. An exception is written to the log and to the terminal,
    then re-raised, so Snakemake marks the job failed and the user sees the reason without
    opening the log. A job that ends well writes its usage (``USAGE_PREFIX`` line) last.
    """
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    terminal = sys.stderr
    with open(log_path, "w", buffering=1) as log, contextlib.redirect_stdout(log):
        with contextlib.redirect_stderr(log):
            try:
                configure_threads(threads)
                yield None if device is None else resolve_device(device)
            except Exception as err:
                traceback.print_exc()
                print(f"\nERROR: {err}", file=terminal)
                raise
            print(USAGE_PREFIX + json.dumps(usage(threads)))


USAGE_PREFIX = "sgdlab usage: "


def usage(threads: int) -> dict[str, float]:
    """Wall time of the process since it started, its CPU time (and reaped children's), peak RSS.

    Snakemake's benchmark files sample CPU time every 0.5 s for 15 s, then every 30 s, so
    they miss up to 30 s of every job's last stretch; ``getrusage`` counts all of it.
    """
    import psutil

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {
        "wall_s": round(time.time() - psutil.Process().create_time(), 3),
        "cpu_s": round(cpu, 3),
        "max_rss_mb": round(max(own.ru_maxrss, children.ru_maxrss) / 1024, 1),
        "threads": threads,
    }


def read_usage(log_path: Path) -> dict[str, float]:
    """The usage a finished job wrote last in its log (see ``usage``)."""
    for line in reversed(Path(log_path).read_text().splitlines()):
        if line.startswith(USAGE_PREFIX):
            return json.loads(line.removeprefix(USAGE_PREFIX))
    raise ValueError(f"{log_path} has no usage line: the job did not finish through job()")


DEVICES = ("auto", "cpu", "cuda")


def resolve_device(name: str) -> torch.device:
    """Map the config's ``device`` (auto, cpu, cuda) to a torch device; auto prefers CUDA."""
    import torch

    if name not in DEVICES:
        raise ValueError(f"config key device must be one of {DEVICES}, got {name!r}")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            "config key device is 'cuda' but no CUDA device is visible to this job. "
            "Fix: set device to 'auto' or 'cpu', or run the job on a GPU node."
        )
    if name == "cuda" and torch.cuda.device_count() > 1:
        # Snakemake does not set CUDA_VISIBLE_DEVICES for local jobs: take the GPU with the
        # most free memory, so that concurrent jobs (up to --resources gpu=N) spread out.
        free = [torch.cuda.mem_get_info(i)[0] for i in range(torch.cuda.device_count())]
        return torch.device("cuda", max(range(len(free)), key=free.__getitem__))
    return torch.device(name)


THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "TORCHINDUCTOR_COMPILE_THREADS",
)


def configure_threads(threads: int) -> None:
    """Use exactly the threads the rule declared, in torch, BLAS and torch.compile.

    A script imports NumPy and torch before it enters ``job``, and their BLAS pools start
    with one thread per core: ``threadpoolctl`` shrinks the pools already loaded, the
    environment variables reach libraries loaded later (and inductor's compile workers), and
    torch is told directly. Without this, two one-thread jobs on two cores each ran BLAS
    on both.
    """
    threads = max(1, threads)
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.set_num_threads(threads)
        with contextlib.suppress(RuntimeError):  # settable once, before any parallel work
            torch.set_num_interop_threads(threads)


def export_library_path(src: str) -> None:
    """Put ``src`` first on PYTHONPATH, so job scripts import this library in any env."""
    current = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if src not in current:
        os.environ["PYTHONPATH"] = os.pathsep.join([src, *current])


def local_gpu_count() -> int:
    """NVIDIA GPUs visible on this host (``nvidia-smi -L``), without importing CUDA."""
    if shutil.which("nvidia-smi") is None:
        return 0
    listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, check=False)
    return listing.stdout.count("GPU ") if listing.returncode == 0 else 0

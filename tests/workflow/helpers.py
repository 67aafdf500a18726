"""Run the real Snakemake workflow in a temporary copy of the project."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

COPIED = ("Snakefile", "config.yaml", "workflow", "scripts", "src", "presets", "profiles", "envs")
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def copy_project(into: Path) -> Path:
    """Copy what the workflow needs (not results/) into ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    return into


def snakemake(
    workdir: Path, *args: str, overlay: dict | None = None, timeout: int = 600
) -> subprocess.CompletedProcess:
    """Run snakemake in ``workdir``; ``overlay`` is written as one more config file.

    ``--configfile`` takes several values and a second ``--configfile`` replaces the first,
    so the overlay joins the values of an existing ``--configfile`` (after the preset).
    """
    command = [SNAKEMAKE, "--cores", "2", *args]
    if overlay is not None:
        path = workdir / "overlay.yaml"
        path.write_text(yaml.safe_dump(overlay))
        if "--configfile" in command:
            at = command.index("--configfile") + 1
            while at < len(command) and command[at].endswith((".yaml", ".yml")):
                at += 1
            command.insert(at, str(path))
        else:
            command += ["--configfile", str(path)]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=timeout)


def job_counts(output: str) -> dict[str, int]:
    """Rule -> number of jobs, from the 'Job stats' table of a (dry) run."""
    table = output.split("Job stats:", 1)[1] if "Job stats:" in output else ""
    return {
        m[1]: int(m[2])
        for m in re.finditer(r"^(\w+)\s+(\d+)$", table, flags=re.M)
        if m[1] != "total"
    }

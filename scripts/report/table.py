"""Rules compute_cost and provenance: the records of what the run cost and what produced it.

``params.table`` picks the record: ``compute_cost`` (wall time, CPU time and memory of every
search and training job, from Snakemake's benchmark files and the jobs' usage lines, as
CSV) or ``provenance`` (code version, resolved config, packages, machine and dataset MD5s,
as JSON).
"""

from pathlib import Path

from sgdlab.pipeline.compute_cost import cost_table
from sgdlab.pipeline.files import write_csv, write_json
from sgdlab.pipeline.job import job

params, out = snakemake.params, snakemake.output


def compute_cost(device: object) -> None:
    """One row per search and training job, in the pipeline's order."""
    inputs = snakemake.input
    jobs = [
        (rule, name, Path(benchmark), Path(log))
        for (rule, name), benchmark, log in zip(
            params.jobs, inputs.benchmarks, inputs.logs, strict=True
        )
    ]
    write_csv(Path(out[0]), cost_table(jobs))


def provenance_record(device: object) -> None:
    """What produced the results: code, configuration, packages, machine (its device), data."""
    from sgdlab.pipeline import provenance  # torch: only this record reads the machine

    inputs = [Path(p) for p in snakemake.input]
    write_json(Path(out[0]), provenance.collect(Path(params.repo), params.config, inputs, device))


TABLES = {"compute_cost": compute_cost, "provenance": provenance_record}

# Only the provenance rule names a device: the cost table's job does not import torch.
with job(snakemake.log[0], snakemake.threads, params.get("device")) as device:
    TABLES[params.table](device)

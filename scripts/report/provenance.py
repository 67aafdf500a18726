"""Rule provenance: code version, resolved config, packages, machine, dataset MD5s."""

from pathlib import Path

from sgdlab.pipeline import provenance
from sgdlab.pipeline.files import write_json
from sgdlab.pipeline.job import job

params = snakemake.params
with job(snakemake.log[0], snakemake.threads, params.device) as device:
    record = provenance.collect(
        Path(params.repo), params.config, [Path(p) for p in snakemake.input], device
    )
    write_json(Path(snakemake.output[0]), record)

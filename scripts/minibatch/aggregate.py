"""Rule minibatch_aggregate: all logged points, and the interpolation table."""

from pathlib import Path

from sgdlab.pipeline.files import read_json, write_csv
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.minibatch import interpolation_table

with job(snakemake.log[0]):
    metrics = concat_metrics(snakemake.input.metrics)
    searches = {s["batch_size"]: s for s in map(read_json, snakemake.input.searches)}
    write_csv(Path(snakemake.output.metrics), metrics)
    write_csv(Path(snakemake.output.interpolation), interpolation_table(metrics, searches))

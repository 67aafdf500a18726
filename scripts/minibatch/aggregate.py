"""Rule minibatch_aggregate: all logged points, interpolation, thresholds and scaling laws."""

from pathlib import Path

from sgdlab.pipeline.files import read_json, write_csv
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.minibatch import tables

out = snakemake.output
with job(snakemake.log[0]):
    metrics = concat_metrics(snakemake.input.metrics)
    searches = {s["batch_size"]: s for s in map(read_json, snakemake.input.searches)}
    thresholds = tables.threshold_table(metrics, snakemake.params.thresholds)
    write_csv(Path(out.metrics), metrics)
    interpolation = tables.interpolation_table(metrics, searches)
    write_csv(Path(out.interpolation), interpolation)
    write_csv(Path(out.thresholds), thresholds)
    write_csv(Path(out.summary), tables.summary_table(interpolation, thresholds))
    write_csv(Path(out.scaling), tables.scaling_table(thresholds, searches))

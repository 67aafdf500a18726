"""Rule averaged_sgd_aggregate: all logged points and the final-metrics table."""

from pathlib import Path

from sgdlab.pipeline.files import read_json, write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.averaged_sgd import tables

out, params = snakemake.output, snakemake.params
with job(snakemake.log[0]):
    metrics = concat_metrics(snakemake.input.metrics)
    searches = dict(zip(params.activations, map(read_json, snakemake.input.searches), strict=True))
    table = tables.final_table(metrics, searches, params.document)
    write_csv(Path(out.metrics), metrics)
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), tables.markdown(table))

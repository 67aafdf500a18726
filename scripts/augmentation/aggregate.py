"""Rule augmentation_aggregate: the four settings' rows and the final-accuracy table."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.augmentation import tables

out = snakemake.output
with job(snakemake.log[0]):
    settings = tables.settings_frame(concat_metrics(snakemake.input))
    table = tables.final_table(settings)
    differences = tables.paired_differences(settings)
    write_csv(Path(out.metrics), settings)
    write_csv(Path(out.table), table)
    write_csv(Path(out.differences), differences)
    write_text(Path(out.markdown), tables.markdown(table, differences))

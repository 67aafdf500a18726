"""Rule augmentation_aggregate: the four settings' rows and the final-accuracy table."""

from pathlib import Path

from sgdlab import augmentation
from sgdlab.aggregate import concat_metrics
from sgdlab.files import write_csv, write_text
from sgdlab.jobs import job

out = snakemake.output
with job(snakemake.log[0]):
    settings = augmentation.settings_frame(concat_metrics(snakemake.input))
    table = augmentation.final_table(settings)
    write_csv(Path(out.metrics), settings)
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), augmentation.markdown_table(table))

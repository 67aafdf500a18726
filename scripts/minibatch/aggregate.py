"""Rule minibatch_aggregate: all logged points, interpolation, thresholds and scaling laws.

The 50-pass tables read every run's first ``params.passes`` passes; the runs that trained
on to interpolation (``params.interpolation``) give the interpolation-reached tables.
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import read_json, write_csv
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.minibatch import interpolation, tables

out, params = snakemake.output, snakemake.params
with job(snakemake.log[0]):
    metrics = concat_metrics(snakemake.input.metrics)
    write_csv(Path(out.metrics), metrics)
    searches = {s["batch_size"]: s for s in map(read_json, snakemake.input.searches)}
    document = interpolation.within_budget(metrics, params.passes)
    thresholds = tables.threshold_table(document, params.thresholds)
    runs = tables.interpolation_table(document, searches)
    write_csv(Path(out.interpolation), runs)
    write_csv(Path(out.thresholds), thresholds)
    write_csv(Path(out.summary), tables.summary_table(runs, thresholds))
    cap = params.interpolation["max_passes"]
    reached = interpolation.reached_runs(metrics, params.interpolation["lr_factor"])
    write_csv(Path(out.reached_runs), reached)
    write_csv(Path(out.reached), interpolation.reached_table(reached, cap))
    scaling = tables.scaling_table(thresholds, searches, params.passes)
    slopes = interpolation.reached_slopes(reached, cap)
    write_csv(Path(out.scaling), pd.concat([scaling, slopes], ignore_index=True))

"""Rules minibatch_*: one figure of the minibatch study from the aggregated tables."""

import pandas as pd

from sgdlab.pipeline.files import read_json
from sgdlab.pipeline.job import job
from sgdlab.studies import minibatch

out, wildcards = snakemake.output, snakemake.wildcards
with job(snakemake.log[0]):
    if snakemake.rule == "minibatch_curve":
        metrics = pd.read_csv(snakemake.input[0])
        minibatch.plot_curve(metrics, wildcards.metric, wildcards.axis, out.png, out.pdf)
    elif snakemake.rule == "minibatch_to_interpolation":
        table, scaling = (
            pd.read_csv(snakemake.input.thresholds),
            pd.read_csv(snakemake.input.scaling),
        )
        minibatch.plot_to_threshold(table, scaling, wildcards.axis, out.png, out.pdf)
    else:
        searches = {s["batch_size"]: s for s in map(read_json, snakemake.input)}
        minibatch.plot_divergent_lr(searches, out.png, out.pdf)

"""Rules minibatch_*: one figure of the minibatch study from the aggregated tables."""

import pandas as pd

from sgdlab.pipeline.files import read_json
from sgdlab.pipeline.job import job
from sgdlab.studies import minibatch

out, wildcards, params = snakemake.output, snakemake.wildcards, snakemake.params
with job(snakemake.log[0]):
    if snakemake.rule == "minibatch_curve":
        metrics = minibatch.main_runs(pd.read_csv(snakemake.input[0]), params.lr_factor)
        minibatch.plot_curve(metrics, wildcards.metric, wildcards.axis, out.png, out.pdf)
    elif snakemake.rule == "minibatch_to_interpolation":
        table = minibatch.main_runs(pd.read_csv(snakemake.input.thresholds), params.lr_factor)
        scaling = minibatch.main_runs(pd.read_csv(snakemake.input.scaling), params.lr_factor)
        minibatch.plot_to_threshold(table, scaling, wildcards.axis, out.png, out.pdf)
    elif snakemake.rule == "minibatch_lr_sensitivity":
        minibatch.plot_factor_sensitivity(pd.read_csv(snakemake.input[0]), out.png, out.pdf)
    else:
        searches = {s["batch_size"]: s for s in map(read_json, snakemake.input)}
        minibatch.plot_divergent_lr(searches, params.lr_factor, out.png, out.pdf)

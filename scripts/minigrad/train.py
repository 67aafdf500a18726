"""Rule minigrad_train: one MLP configuration (dataset, variant) trained for every seed."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.training import run

wc, inp = snakemake.wildcards, snakemake.input
with job(snakemake.log[0]):
    metrics = run(
        wc.dataset,
        wc.variant,
        list(snakemake.params.seeds),
        snakemake.params.training,
        Path(inp.data[0]).parent if hasattr(inp, "data") else None,
        inp.subsample if hasattr(inp, "subsample") else None,
    )
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.groupby("seed").tail(1).to_string(index=False))

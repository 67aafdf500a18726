"""Rule minigrad_cost: time and memory of forward and reverse mode, with log-log slopes."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad import cost

p, out = snakemake.params, snakemake.output
with job(snakemake.log[0]):
    measurements = cost.measure(p.dims, p.ops, p.fixed_ops, p.fixed_dim, p.repeats)
    write_csv(Path(out.measurements), measurements)
    write_csv(Path(out.slopes), cost.slopes(measurements, p.slope_min_dim))

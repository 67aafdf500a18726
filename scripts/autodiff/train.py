"""Rule autodiff_step_training: SGD through the step function vs the logistic loss (000 §1.4)."""

from pathlib import Path

from sgdlab.pipeline.files import read_json, write_csv
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import Subsample
from sgdlab.studies.autodiff.step_training import StepTrainingSettings, run_on_subsample

inp = snakemake.input
with job(snakemake.log[0]):
    settings = StepTrainingSettings.from_config(snakemake.params.training)
    subsample = Subsample(**read_json(inp.subsample))
    metrics = run_on_subsample(Path(inp.data[0]).parent, subsample, settings)
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.groupby("loss").tail(1).to_string(index=False))

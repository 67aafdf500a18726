"""Rule autodiff_step_training: SGD through the step function vs the logistic loss (000 §1.4)."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff.step_training import StepTrainingSpec, run_on_subsample

with job(snakemake.log[0]):
    spec = StepTrainingSpec(
        **{**snakemake.params.training, "classes": tuple(snakemake.params.training["classes"])}
    )
    metrics = run_on_subsample(
        Path(snakemake.input.data[0]).parent, Path(snakemake.input.subsample), spec
    )
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.groupby("loss").tail(1).to_string(index=False))

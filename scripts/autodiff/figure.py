"""Rules autodiff_figures and autodiff_step_training_figure: the study's figures.

``params.figure`` picks the job: ``functions`` draws every figure of FUNCTION_FIGURES from
the settings in one job (each takes a fraction of a second; one job pays the imports of
torch and matplotlib once), ``step_training`` the accuracy and weight change of the
step-training run.
"""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff import FUNCTION_FIGURES
from sgdlab.studies.autodiff.figures import FUNCTION_PLOTS, step_training
from sgdlab.studies.autodiff.settings import FigureSettings

params, out = snakemake.params, snakemake.output


def functions() -> None:
    """Each function beside the derivative PyTorch returns for it."""
    settings = FigureSettings.from_params(dict(params.items()))
    for name in FUNCTION_FIGURES:
        FUNCTION_PLOTS[name](settings, out[f"{name}_png"], out[f"{name}_pdf"])


def step_training_curves() -> None:
    """Accuracy and weight change against updates, through phi and with the logistic loss."""
    metrics = pd.read_csv(snakemake.input[0])
    step_training(metrics, tuple(params.classes), out.png, out.pdf)


FIGURES = {"functions": functions, "step_training": step_training_curves}

with job(snakemake.log[0]):
    FIGURES[params.figure]()

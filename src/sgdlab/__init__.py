"""sgdlab: the library behind the pipeline that rebuilds the course documents' SGD results.

Three parts, one subpackage each:

- ``sgdlab.engine``: the training engine (run settings, models, device data, sampler,
  per-image transforms, evaluation, checkpoints, the divergent-learning-rate search).
  Studies that train a PyTorch model go through it.
- ``sgdlab.studies``: one module (or small subpackage) per study, named like its rules file
  ``workflow/rules/<study>.smk``, its scripts ``scripts/<study>/`` and its report category.
- ``sgdlab.pipeline``: shared plumbing that every rule script uses (FashionMNIST files,
  subsample, job wrapper, training runs from rule params, config checks, atomic file
  writes, plotting style, metric tables, provenance, compute cost).
"""

__version__ = "0.1.0"

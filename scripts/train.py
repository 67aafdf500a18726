"""Rules *_train: one training run, resumed from its checkpoint when one exists.

The rate comes from a learning-rate search (input `lr`) or from params; an optional input
`setting` (JSON with a `run` dict, e.g. a sweep's best batch size and epochs) overrides
run params that are only known once other jobs have finished.
"""

from pathlib import Path

from sgdlab.engine.training_job import run_job, spec_from_params
from sgdlab.pipeline import provenance
from sgdlab.pipeline.files import read_json, write_json
from sgdlab.pipeline.job import job

params, output = snakemake.params, snakemake.output
with job(snakemake.log[0], snakemake.threads, params.device) as device:
    has_search = hasattr(snakemake.input, "lr")
    lr = read_json(snakemake.input.lr)["train_lr"] if has_search else params.lr
    has_setting = hasattr(snakemake.input, "setting")
    setting = read_json(snakemake.input.setting)["run"] if has_setting else {}
    run = {**params.run, **setting}
    # Identifiers the setting decides (a None placeholder in params) take its values.
    known = {key: value for key, value in setting.items() if key in params.identifiers}
    identifiers = {**params.identifiers, **known}
    result = run_job(
        spec=spec_from_params(run, lr),
        data_dir=Path(snakemake.input.data[0]).parent,
        subsample_path=Path(snakemake.input.subsample),
        device=device,
        identifiers={**identifiers, "lr": lr},
        metrics_path=Path(output.metrics),
        summary_path=Path(output.summary),
        checkpoint_every_passes=params.checkpoint_every_passes,
    )
    print(f"{result.status} after {result.updates} updates")
    # What produced this run, beside its metrics (not a declared output, like the checkpoint).
    settings = {"run": run, "lr": lr, "identifiers": identifiers}
    record = provenance.collect(
        Path(snakemake.scriptdir).parent, settings, list(map(Path, snakemake.input.data)), device
    )
    write_json(Path(output.metrics).parent / "provenance.json", record)

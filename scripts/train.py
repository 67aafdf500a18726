"""Rules *_train: one configuration's replicate seeds, resumed from its checkpoint if any.

Each seed's rate is `lr_factor` times its own divergent rate (input `lr`, a learning-rate
search) or the fixed `lr` of params; an optional input `setting` (JSON with a `run` dict,
e.g. a sweep's best batch size and epochs) overrides run params that are only known once
other jobs have finished.
"""

from pathlib import Path

from sgdlab.engine.training_job import replicate_rates, run_job, spec_from_params
from sgdlab.pipeline import provenance
from sgdlab.pipeline.files import read_json, write_json
from sgdlab.pipeline.job import job

params, output = snakemake.params, snakemake.output
with job(snakemake.log[0], snakemake.threads, params.device) as device:
    seeds = list(params.seeds)
    if hasattr(snakemake.input, "lr"):
        lrs = replicate_rates(read_json(snakemake.input.lr), seeds, params.lr_factor)
    else:
        lrs = [params.lr] * len(seeds)
    has_setting = hasattr(snakemake.input, "setting")
    setting = read_json(snakemake.input.setting)["run"] if has_setting else {}
    run = {**params.run, **setting}
    # Identifiers the setting decides (a None placeholder in params) take its values.
    known = {key: value for key, value in setting.items() if key in params.identifiers}
    identifiers = {**params.identifiers, **known}
    results = run_job(
        template=spec_from_params(run),
        seeds=seeds,
        lrs=lrs,
        data_dir=Path(snakemake.input.data[0]).parent,
        subsample_path=Path(snakemake.input.subsample),
        device=device,
        identifiers=identifiers,
        metrics_path=Path(output.metrics),
        summary_path=Path(output.summary),
        checkpoint_every_passes=params.checkpoint_every_passes,
    )
    for result in results:
        print(f"seed {result.seed} (lr {result.lr:.4g}): {result.status} after {result.updates}")
    # What produced these runs, beside their metrics (not a declared output, like the checkpoint).
    settings = {"run": run, "seeds": seeds, "lrs": lrs, "identifiers": identifiers}
    record = provenance.collect(
        Path(snakemake.scriptdir).parent, settings, list(map(Path, snakemake.input.data)), device
    )
    write_json(Path(output.metrics).parent / "provenance.json", record)

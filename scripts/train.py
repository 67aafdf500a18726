"""Rules *_train: one job's replicate seeds, resumed from its checkpoint if any.

A job trains one or more groups, one per (metrics, summary) output pair, all in one batch:
each group's rates are its `lr_factor` times each seed's own divergent rate (input `lr`, a
learning-rate search) or a fixed rate: the `lr` of params, else the `lr` of the input
`setting`. `identifiers`, `lr_factor` and `lr` give one value per group, or a single value
for a job of one group; the optional `group_settings` (one dict per group) gives a group its
own budget and stop at interpolation. An optional input `setting` (JSON with a `run` dict,
e.g. a sweep's chosen batch size and epochs, and optionally its chosen `lr`) overrides run
params that are only known once other jobs have finished.
"""

from pathlib import Path

from sgdlab.pipeline import provenance
from sgdlab.pipeline.files import read_json, write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.training_runs import (
    ReplicateGroup,
    per_group,
    replicate_rates,
    settings_from_params,
    train_groups,
)

params, output = snakemake.params, snakemake.output
with job(snakemake.log[0], snakemake.threads, params.device) as device:
    seeds = list(params.seeds)
    metrics, summaries = per_group(output.metrics), per_group(output.summary)
    has_setting = hasattr(snakemake.input, "setting")
    chosen = read_json(snakemake.input.setting) if has_setting else {}
    setting = chosen.get("run", {})
    if hasattr(snakemake.input, "lr"):
        search = read_json(snakemake.input.lr)
        rates = [replicate_rates(search, seeds, f) for f in per_group(params.lr_factor)]
    else:
        fixed = params.lr if hasattr(params, "lr") else chosen["lr"]
        rates = [[lr] * len(seeds) for lr in per_group(fixed)]
    run = {**params.run, **setting}
    identifiers = per_group(params.identifiers)
    own = per_group(params.group_settings) if hasattr(params, "group_settings") else None
    groups = []
    for ids, lrs, metrics_path, summary_path, group_settings in zip(
        identifiers, rates, metrics, summaries, own or [{}] * len(identifiers), strict=True
    ):
        # Identifiers the setting decides (a None placeholder in params) take its values.
        known = {key: value for key, value in setting.items() if key in ids}
        ids = {**ids, **known}
        paths = Path(metrics_path), Path(summary_path)
        groups.append(ReplicateGroup(ids, seeds, lrs, *paths, settings=dict(group_settings)))
    results = train_groups(
        template=settings_from_params(run),
        groups=groups,
        data_dir=Path(snakemake.input.data[0]).parent,
        subsample_path=Path(snakemake.input.subsample),
        device=device,
        checkpoint_every_passes=params.checkpoint_every_passes,
    )
    for result in results:
        print(f"seed {result.seed} (lr {result.lr:.4g}): {result.status} after {result.updates}")
    # What produced these runs, beside their metrics (not a declared output, like the checkpoint).
    settings = {
        "run": run,
        "seeds": seeds,
        "groups": [
            {"identifiers": g.identifiers, "lrs": g.lrs, "settings": g.settings} for g in groups
        ],
    }
    record = provenance.collect(
        Path(snakemake.scriptdir).parent, settings, list(map(Path, snakemake.input.data)), device
    )
    for directory in {group.metrics_path.parent for group in groups}:
        write_json(directory / "provenance.json", record)

"""Rule lr_search: every replicate seed's divergent learning rate of one (model, batch size)."""

from pathlib import Path

from sgdlab.engine.device_data import load_device_data
from sgdlab.engine.lr_search import SearchSettings, results_to_dict, search, training_probe
from sgdlab.pipeline.files import read_json, write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import Subsample
from sgdlab.pipeline.training_runs import settings_from_params

params = snakemake.params
with job(snakemake.log[0], snakemake.threads, params.device) as device:
    subsample = Subsample(**read_json(snakemake.input.subsample))
    data = load_device_data(Path(snakemake.input.data[0]).parent, subsample, device)
    template = settings_from_params(params.run)
    probe = training_probe(template, data, params.collapse_accuracy)
    results = search(probe, list(params.seeds), SearchSettings(**params.search), log=print)
    for result in results:
        for outcome in result.probes:
            print(outcome)  # its reason says which rule found a divergent probe
        print(
            f"seed {result.seed}: divergent lr {result.divergent_lr:.6g}, "
            f"stable below {result.stable_lr:.6g}"
        )
    write_json(
        Path(snakemake.output[0]),
        {
            "model": snakemake.wildcards.model,
            "batch_size": template.batch_size,
            "probe_passes": template.max_passes,
            "divergence_factor": template.divergence_factor,
            "loss_ratio": params.search["loss_ratio"],
            **results_to_dict(results),
        },
    )

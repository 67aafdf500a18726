"""Rule lr_search: the divergent learning rate of one (model, batch size)."""

from pathlib import Path

from sgdlab.engine.device_data import load_device_data
from sgdlab.engine.lr_search import SearchSettings, search, training_probe
from sgdlab.engine.training_job import spec_from_params
from sgdlab.pipeline.files import read_json, write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import Subsample

params = snakemake.params
with job(snakemake.log[0], snakemake.threads, params.device) as device:
    subsample = Subsample(**read_json(snakemake.input.subsample))
    data = load_device_data(Path(snakemake.input.data[0]).parent, subsample, device)
    settings = SearchSettings(**params.search)
    template = spec_from_params({**params.run, "seed": params.seeds[0]}, settings.min_lr)
    probe = training_probe(template, data, params.collapse_accuracy)
    result = search(probe, params.seeds, settings)
    for probe in result.probes:
        print(probe)
    print(f"divergent lr {result.divergent_lr:.6g}, stable below {result.stable_lr:.6g}")
    write_json(
        Path(snakemake.output[0]),
        {
            "model": snakemake.wildcards.model,
            "batch_size": template.batch_size,
            "probe_passes": template.max_passes,
            "divergence_factor": template.divergence_factor,
            **result.to_dict(params.lr_factor),
        },
    )

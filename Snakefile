# sgdlab: rebuilds the results of the course documents in ../shared/seeds/ from raw data.
# This file only wires things together: configuration, its schema, and the rule files.
# Each rules file registers its final outputs in FINAL_TARGETS (common.smk).

from snakemake.utils import min_version, validate

min_version("9.14.1")


configfile: "config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/training.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/lr_search.smk"
include: "workflow/rules/minibatch.smk"
include: "workflow/rules/augmentation.smk"
include: "workflow/rules/autodiff.smk"
include: "workflow/rules/minigrad.smk"
include: "workflow/rules/linear_regression.smk"
include: "workflow/rules/averaged_sgd.smk"
include: "workflow/rules/optimizer_sweep.smk"
include: "workflow/rules/logreg.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/answers.smk"


rule all:
    default_target: True
    input:
        FINAL_TARGETS,

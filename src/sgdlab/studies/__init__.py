"""One module (or small subpackage) per study of the course documents.

A new study ``<study>`` is: ``workflow/rules/<study>.smk`` (appends its outputs to
``FINAL_TARGETS``), a ``<study>:`` section in ``config.yaml`` with its schema entry in
``workflow/schemas/config.schema.yaml``, ``scripts/<study>/*.py`` (thin: unpack
``snakemake.*``, call this module), ``workflow/report/<study>/*.rst`` captions, and
``sgdlab/studies/<study>.py`` here with the logic and its tests in ``tests/studies/``.
"""

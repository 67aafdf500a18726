"""The training engine: everything that turns a run's settings into logged metrics.

``training`` holds the loop (``RunSettings``, ``train``), ``training_job`` runs it as a
pipeline job, ``lr_search`` finds the divergent learning rate, and ``models``,
``device_data``, ``transforms``, ``evaluation``, ``analytic_mlp`` and ``checkpoint`` are
its parts.
"""

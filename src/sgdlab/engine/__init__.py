"""The training engine: everything that turns a run's settings into logged metrics.

``settings`` defines what determines a run (``RunSettings``, its random streams, the
fingerprint a checkpoint must match); ``training`` is the loop (``train_replicates``,
``train``), built from ``replicas`` (a seed's model, optimizer and streams, its minibatches
drawn by ``sampling``), ``stepper`` (the updates between log points), ``scoring`` (the log
rows) and ``checkpoint`` (exact resume). ``lr_search`` finds the divergent learning rate;
``models``, ``optimizers``, ``averaging``, ``device_data``, ``transforms``, ``evaluation``
and ``analytic_mlp`` are the parts they use.
"""

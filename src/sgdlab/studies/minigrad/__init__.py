"""Study ``minigrad``: 003 (assignment 2) and 004 problems 2-3, answered with sgdlab.minigrad.

- ``trace``: 004 problem 2, the evaluation trace in forward and reverse mode, as a table.
- ``graphs``: 003 questions 5-8, computation graphs drawn from the library's node objects.
- ``cost``: 004 problem 3, time and memory of both modes measured, with log-log slopes.
- ``training``: 003 questions 9-10, MLPs trained with the library (activations, variations).
- ``figures``: the study's matplotlib figures.
"""

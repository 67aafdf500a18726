"""Linear regression study (001_d450d758804f5c5c.txt, section 2): SGD on a line.

``data`` generates the seeded one-feature data set (or safely loads the user's ``X.pt`` and
``y.pt``), ``training`` holds minibatch SGD with the document's momentum, the least-squares
solution and the 80:10:10 split, ``experiments`` runs questions 2.1 to 2.5 and builds the
answers table, and ``figures`` draws the learning curve, the train/validation losses and the
momentum curves. Everything is computed in float64 on the CPU.
"""

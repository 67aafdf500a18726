"""The answer book: every question of the five documents answered in one place.

``registry`` reads the question registry (``workflow/questions.yaml``: each question's id,
paraphrase, kind, outputs and answer template), ``context`` gives the templates the run's
tables, and ``render`` writes one Markdown file per document and a self-contained HTML book.
Answers are templates filled from the tables when the book is built, so a number in a
sentence is always the number in its table.
"""

"""The answer book's registry, template context and rendering, on small hand-made tables."""

import math

import pandas as pd
import pytest

from sgdlab.book.context import AnswerError, Tables, ci, environment, pct_ci
from sgdlab.book.registry import RegistryError, load_registry
from sgdlab.book.render import book_html, document_markdown, entries

REGISTRY = """
documents:
  "000": {file: doc0.txt, title: Homework}
  "001": {file: doc1.txt, title: Quiz}
questions:
  - id: 000/1/a
    document: "000"
    where: section 1
    asks: What is the slope?
    kind: value
    tables: [fits.csv]
    figures: [study/curve]
    caveats: [Synthetic data.]
    answer: |
      {% set r = row("fits.csv", quantity="slope") %}
      The slope is {{ ci(r, "value", ".2f") }} over {{ r.n }} seeds.
  - id: 001/2/b
    document: "001"
    where: section 2
    asks: Which rows reached it?
    kind: words
    tables: [fits.csv]
    answer: |
      {% for r in rows("fits.csv", reached=True) %}{{ r.quantity }} {% endfor %}
"""


@pytest.fixture
def book_files(tmp_path):
    (tmp_path / "questions.yaml").write_text(REGISTRY)
    frame = pd.DataFrame(
        {
            "quantity": ["slope", "bias"],
            "value": [0.8312, 1.5],
            "value_ci_low": [0.74, math.nan],
            "value_ci_high": [0.93, math.nan],
            "n": [5, 1],
            "reached": [True, False],
        }
    )
    frame.to_csv(tmp_path / "fits.csv", index=False)
    figure = tmp_path / "figures/study/curve.png"
    figure.parent.mkdir(parents=True)
    figure.write_bytes(b"\x89PNG fake")
    return tmp_path


def test_answers_are_filled_from_the_tables(book_files):
    registry = load_registry(book_files / "questions.yaml")
    tables = Tables({"fits.csv": book_files / "fits.csv"})
    book = entries(registry, environment(tables), {"results/tables/fits.csv": "fit_rule"})
    assert book[0].answer == "The slope is 0.83 [0.74, 0.93] over 5 seeds."
    assert book[1].answer == "slope"
    text = document_markdown(registry.documents[0], book, "../figures/")
    assert "![000/1/a: study/curve](../figures/study/curve.png)" in text
    assert "> **Caveat.** Synthetic data." in text
    assert "`results/tables/fits.csv` (rule `fit_rule`)" in text
    page = book_html(registry, book, {"study/curve": book_files / "figures/study/curve.png"})
    assert "data:image/png;base64," in page and 'src="study/curve.png"' not in page
    assert 'href="#q-000-1-a"' in page and 'id="q-000-1-a"' in page


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{{ row("fits.csv", reached=False).missing }}', "no column 'missing'"),
        ('{{ row("other.csv").value }}', "no table 'other.csv'"),
        ("{{ undefined_name }}", "undefined"),
        ('{{ rows("fits.csv") | length }} {{ row("fits.csv").value }}', "2 rows of fits.csv"),
    ],
)
def test_a_template_that_asks_for_what_the_run_lacks_stops_the_build(book_files, template, message):
    text = REGISTRY.replace('{% for r in rows("fits.csv", reached=True) %}', template + "{#")
    text = text.replace("{% endfor %}", "#}")
    (book_files / "questions.yaml").write_text(text)
    registry = load_registry(book_files / "questions.yaml")
    env = environment(Tables({"fits.csv": book_files / "fits.csv"}))
    with pytest.raises(AnswerError, match="question 001/2/b") as error:
        entries(registry, env, {})
    assert message in str(error.value)


def test_rows_the_configuration_left_out_give_a_note_not_a_failure(book_files):
    text = REGISTRY.replace('row("fits.csv", quantity="slope")', 'row("fits.csv", quantity="b")')
    (book_files / "questions.yaml").write_text(text)
    registry = load_registry(book_files / "questions.yaml")
    book = entries(registry, environment(Tables({"fits.csv": book_files / "fits.csv"})), {})
    assert not book[0].answered and book[1].answered
    assert "no row of fits.csv has {'quantity': 'b'}" in book[0].answer


def test_interval_text_without_an_interval_is_the_estimate_alone(book_files):
    tables = Tables({"fits.csv": book_files / "fits.csv"})
    bias = tables.row("fits.csv", quantity="bias")
    assert ci(bias, "value", ".2f") == "1.50"
    slope = tables.row("fits.csv", quantity="slope")
    assert pct_ci(slope, "value", 0) == "83% [74, 93]"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: value", "kind: guess"), "kind 'guess'"),
        (('document: "001"', 'document: "009"'), "unknown document '009'"),
        (("id: 001/2/b", "id: 000/1/a"), "appears twice"),
        (("asks: What is the slope?", "ask: What is the slope?"), "missing asks"),
    ],
)
def test_a_malformed_registry_is_refused_with_the_entry_named(tmp_path, change, message):
    (tmp_path / "questions.yaml").write_text(REGISTRY.replace(*change, 1))
    with pytest.raises(RegistryError, match=message):
        load_registry(tmp_path / "questions.yaml")

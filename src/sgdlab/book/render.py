"""Writing the book: one Markdown file per document and one self-contained HTML page."""

from __future__ import annotations

import base64
import html
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown

from sgdlab.book.context import AnswerError, LeftOut
from sgdlab.book.registry import Document, Question, Registry, figure_path, table_path

NOT_ANSWERED = "**Not answered by this run.**"


@dataclass(frozen=True)
class Entry:
    """A question with its filled answer and where its outputs come from."""

    question: Question
    answer: str
    sources: tuple[tuple[str, str], ...]

    @property
    def answered(self) -> bool:
        """False where the run's configuration left out what the answer reads."""
        return not self.answer.startswith(NOT_ANSWERED)


def fill(env: jinja2.Environment, question: Question) -> str:
    """The question's answer template filled from the tables; errors name the question.

    Rows the configuration left out give a note saying which, so a run with fewer batch
    sizes or networks still gets its book; anything else wrong stops the build.
    """
    try:
        text = env.from_string(question.answer).render(dict(question.variables)).strip()
    except LeftOut as err:
        return (
            f"{NOT_ANSWERED} Its configuration leaves out what this answer reads ({err}); "
            "the default configuration and the quick preset compute it."
        )
    except (jinja2.TemplateError, AnswerError, KeyError) as err:
        raise AnswerError(f"question {question.id}: {err}") from err
    if not text:
        raise AnswerError(f"question {question.id}: the answer came out empty")
    return text


def entries(
    registry: Registry, env: jinja2.Environment, producers: Mapping[str, str]
) -> list[Entry]:
    """Every question's entry, in registry order; ``producers`` maps an output to its rule."""
    result = []
    for question in registry.questions:
        paths = [table_path(t) for t in question.tables] + [
            figure_path(f) for f in question.figures
        ]
        sources = tuple((path, producers.get(path, "?")) for path in paths)
        result.append(Entry(question, fill(env, question), sources))
    return result


def anchor(question: Question) -> str:
    """The HTML anchor of a question: its id with dots and slashes made safe."""
    return "q-" + question.id.replace(".", "-").replace("/", "-").replace(" ", "-")


def _entry_markdown(entry: Entry, figure_prefix: str) -> str:
    """One entry in Markdown; figures linked under ``figure_prefix``."""
    q = entry.question
    lines = [f"### {q.id}: {q.where}", "", f"*Asked:* {q.asks} *({q.kind})*", "", entry.answer, ""]
    for name in q.figures:
        lines += [f"![{q.id}: {name}]({figure_prefix}{name}.png)", ""]
    lines += [f"> **Caveat.** {caveat}" + "\n" for caveat in q.caveats]
    if entry.sources:
        made = "; ".join(f"`{path}` (rule `{rule}`)" for path, rule in entry.sources)
        lines += [f"<small>From {made}.</small>", ""]
    return "\n".join(lines)


def document_markdown(document: Document, book: list[Entry], figure_prefix: str) -> str:
    """The Markdown answer file of one document: a heading, then every entry in order."""
    mine = [e for e in book if e.question.document == document.id]
    head = [
        f"# {document.id}: {document.title}",
        "",
        f"Answers to the {len(mine)} questions of `{document.file}`, generated from this run.",
        "",
    ]
    return "\n".join(head + [_entry_markdown(e, figure_prefix) for e in mine])


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }
nav { background: #f6f6f6; padding: 0.5rem 1rem; border-radius: 6px; }
nav ul { margin: 0.2rem 0; }
h2 { border-bottom: 2px solid #ddd; margin-top: 3rem; }
h3 { margin-top: 2rem; }
img { max-width: 100%; border: 1px solid #eee; }
table { border-collapse: collapse; font-size: 0.9rem; }
td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
blockquote { border-left: 4px solid #e0a800; margin-left: 0; padding-left: 1rem; color: #444; }
small { color: #666; }
"""


def _inline_images(text: str, figures: Mapping[str, Path]) -> str:
    """Replace every figure link of the HTML by its PNG as a base64 data URI (offline)."""
    for name, path in figures.items():
        data = base64.b64encode(Path(path).read_bytes()).decode()
        text = text.replace(f'src="{name}.png"', f'src="data:image/png;base64,{data}"')
    return text


def book_html(registry: Registry, book: list[Entry], figures: Mapping[str, Path]) -> str:
    """The whole book as one HTML page: contents by document and question, figures inline."""
    toc, body = [], []
    for document in registry.documents:
        mine = [e for e in book if e.question.document == document.id]
        items = "".join(
            f'<li><a href="#{anchor(e.question)}">{html.escape(e.question.id)}</a>: '
            f"{html.escape(e.question.asks)}</li>"
            for e in mine
        )
        toc.append(
            f'<li><a href="#doc-{document.id}">{document.id}: {html.escape(document.title)}</a>'
            f" ({len(mine)} questions)<ul>{items}</ul></li>"
        )
        body.append(f'<h2 id="doc-{document.id}">{document.id}: {html.escape(document.title)}</h2>')
        body.append(f"<p><code>{html.escape(document.file)}</code></p>")
        for entry in mine:
            text = markdown.markdown(_entry_markdown(entry, ""), extensions=["tables"])
            body.append(f'<section id="{anchor(entry.question)}">{text}</section>')
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>sgdlab: the answer book</title>"
        f"<style>{STYLE}</style></head><body>"
        "<h1>sgdlab: the answer book</h1>"
        "<p>Every question of the five course documents, answered from this run's tables and "
        "figures.</p>"
        f"<nav><strong>Contents</strong><ul>{''.join(toc)}</ul></nav>{''.join(body)}"
        "</body></html>\n"
    )
    return _inline_images(page, figures)


def relative_prefix(answers_dir: Path, figures_dir: Path) -> str:
    """The path from the answer files to the figures folder, with a trailing slash."""
    return os.path.relpath(figures_dir, answers_dir).replace(os.sep, "/") + "/"

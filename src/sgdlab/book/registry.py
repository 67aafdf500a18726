"""The question registry: every question of the documents, what answers it, how to say it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

KINDS = ("value", "figure", "table", "verdict", "words")
REQUIRED = ("id", "document", "where", "asks", "kind", "answer")


class RegistryError(ValueError):
    """The registry file is malformed; the message names the entry and the fix."""


@dataclass(frozen=True)
class Document:
    """One course document: its short id (000), file name and title."""

    id: str
    file: str
    title: str


@dataclass(frozen=True)
class Question:
    """One question or deliverable: where it is asked, what answers it, the answer template."""

    id: str
    document: str
    where: str
    asks: str
    kind: str
    answer: str
    figures: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    variables: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Registry:
    """The documents in order and their questions in document order."""

    documents: tuple[Document, ...]
    questions: tuple[Question, ...]

    def of(self, document: str) -> list[Question]:
        """The questions of one document, in registry order."""
        return [q for q in self.questions if q.document == document]

    def figure_paths(self) -> list[str]:
        """Every figure the book shows (PNG under results/figures/), each once, in order."""
        names = dict.fromkeys(name for q in self.questions for name in q.figures)
        return [figure_path(name) for name in names]

    def table_paths(self) -> list[str]:
        """Every table the templates read (under results/tables/), each once, in order."""
        names = dict.fromkeys(name for q in self.questions for name in q.tables)
        return [table_path(name) for name in names]


def figure_path(name: str) -> str:
    """results/figures/<study>/<name>.png for a registry figure name '<study>/<name>'."""
    return f"results/figures/{name}.png"


def table_path(name: str) -> str:
    """results/tables/<name> for a registry table name (with its extension)."""
    return f"results/tables/{name}"


def _question(entry: dict[str, Any], documents: set[str]) -> Question:
    """One validated question from its YAML mapping."""
    ident = entry.get("id", "<no id>")
    missing = [
        key for key in ("id", "document", "where", "asks", "kind", "answer") if key not in entry
    ]
    if missing:
        raise RegistryError(f"question {ident}: missing {', '.join(missing)}")
    if entry["document"] not in documents:
        raise RegistryError(f"question {ident}: unknown document {entry['document']!r}")
    if entry["kind"] not in KINDS:
        raise RegistryError(f"question {ident}: kind {entry['kind']!r} is not one of {KINDS}")
    if not str(entry["answer"]).strip():
        raise RegistryError(f"question {ident}: empty answer template")
    unknown = set(entry) - {f for f in Question.__dataclass_fields__}
    if unknown:
        raise RegistryError(f"question {ident}: unknown keys {sorted(unknown)}")
    lists = {key: tuple(entry.get(key, ())) for key in ("figures", "tables", "caveats")}
    return Question(
        **{key: str(entry[key]) for key in ("id", "document", "where", "asks", "kind")},
        answer=str(entry["answer"]),
        **lists,
        variables=tuple(dict(entry.get("variables", {})).items()),
    )


def load_registry(path: Path) -> Registry:
    """Read and check the registry: known documents and kinds, unique ids, no empty answer."""
    raw = yaml.safe_load(Path(path).read_text())
    documents = tuple(
        Document(id=str(key), file=value["file"], title=value["title"])
        for key, value in raw["documents"].items()
    )
    ids = {d.id for d in documents}
    questions = tuple(_question(entry, ids) for entry in raw["questions"])
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise RegistryError(f"question id {question.id} appears twice")
        seen.add(question.id)
    return Registry(documents, questions)

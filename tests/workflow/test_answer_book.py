"""The answer book of the quick preset: every registry question answered, and both pages open."""

import base64
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sgdlab.book.registry import load_registry
from tests.conftest import QUICK, ROOT
from tests.workflow.helpers import snakemake

pytestmark = pytest.mark.e2e
REGISTRY = load_registry(ROOT / "workflow/questions.yaml")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _entries(markdown: str) -> dict[str, str]:
    """Question id -> the text of its entry in a document's Markdown answer file."""
    parts = re.split(r"^### (\S+): .*$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_question_has_a_filled_answer_and_its_figures(quick_run):
    answers = quick_run / "results/answers"
    for document in REGISTRY.documents:
        entries = _entries((answers / f"{document.id}.md").read_text())
        assert list(entries) == [q.id for q in REGISTRY.of(document.id)]
        for question in REGISTRY.of(document.id):
            text = entries[question.id]
            answer = text.split("*Asked:*", 1)[1].split("\n", 2)[2]
            assert len(answer.split("![")[0].split("<small>")[0].strip()) > 20, question.id
            assert "Not answered" not in text, text
            assert "{{" not in text and "{%" not in text and "nan" not in text.split(), text
            for link in re.findall(r"!\[[^]]*\]\(([^)]+)\)", text):
                assert (answers / link).is_file(), f"{question.id}: broken figure {link}"
            assert len(re.findall(r"!\[", text)) == len(question.figures)


class _Page(HTMLParser):
    """Anchors, ids and image sources of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links, self.ids, self.images = [], set(), []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "img":
            self.images.append(attrs["src"])


def test_html_book_is_self_contained_with_working_contents(quick_run):
    page = _Page()
    page.feed((quick_run / "results/answers/index.html").read_text())
    assert set(page.links) <= page.ids and len(page.links) >= len(REGISTRY.questions)
    assert len(page.images) == sum(len(q.figures) for q in REGISTRY.questions)
    for source in page.images:
        assert source.startswith("data:image/png;base64,")
        assert base64.b64decode(source.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def _chromium(url: str, *args: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_book_and_report_open_in_headless_chromium(quick_run, tmp_path):
    report = quick_run / "results/report.html"
    if not report.is_file():
        assert snakemake(quick_run, "--report", str(report), *QUICK).returncode == 0
    book = quick_run / "results/answers/index.html"
    dom = _chromium(book.as_uri(), "--dump-dom").stdout
    assert dom.count("<img") == sum(len(q.figures) for q in REGISTRY.questions)
    assert "000: Data 598 (Winter 2022), Homework 2" in dom
    # The report is a script-built page: let its scripts run, then read what they drew.
    dom = _chromium(report.as_uri(), "--virtual-time-budget=15000", "--dump-dom").stdout
    assert "1. Answer book" in dom and "Augmentation study (000, section 2)" in dom
    shot = tmp_path / "book.png"
    _chromium(book.as_uri(), "--window-size=1200,1600", f"--screenshot={shot}")
    assert shot.stat().st_size > 50_000, "the book renders as an almost empty page"
    assert Path(shot).read_bytes()[:4] == b"\x89PNG"

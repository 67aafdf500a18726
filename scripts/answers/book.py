"""Rule answer_book: every registry question answered from the run, as Markdown and HTML."""

from pathlib import Path

from sgdlab.book.context import Tables, environment
from sgdlab.book.registry import load_registry
from sgdlab.book.render import (
    book_html,
    document_markdown,
    entries,
    relative_prefix,
)
from sgdlab.pipeline.files import write_text
from sgdlab.pipeline.job import job

inp, out = snakemake.input, snakemake.output
with job(snakemake.log[0]):
    registry = load_registry(Path(inp.registry))
    tables = Tables({Path(path).name: Path(path) for path in inp.tables})
    book = entries(registry, environment(tables), snakemake.params.producers)
    figures_dir = Path("results/figures")
    prefix = relative_prefix(Path(out.html).parent, figures_dir)
    for document, path in zip(registry.documents, out.markdown, strict=True):
        write_text(Path(path), document_markdown(document, book, prefix))
    figures = {
        str(Path(path).relative_to(figures_dir).with_suffix("")): Path(path) for path in inp.figures
    }
    write_text(Path(out.html), book_html(registry, book, figures))
    print(f"{len(book)} answers written for {len(registry.documents)} documents")
    for entry in book:
        if not entry.answered:
            print(f"warning: {entry.question.id} not answered: {entry.answer}")

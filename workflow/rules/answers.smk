# The answer book: every question of the five documents, listed in workflow/questions.yaml,
# answered from this run's tables and figures: one Markdown file per document and one
# self-contained HTML book. Included last: it reads outputs of every study.

from sgdlab.book.registry import load_registry  # noqa: E402

ANSWERS_REGISTRY = "workflow/questions.yaml"
ANSWERS = load_registry(Path(workflow.basedir) / ANSWERS_REGISTRY)
ANSWERS_DIR = "results/answers"

FINAL_TARGETS += [
    *expand(
        f"{ANSWERS_DIR}/{{document}}.md", document=[d.id for d in ANSWERS.documents]
    ),
    f"{ANSWERS_DIR}/index.html",
]


localrules:
    answer_book,


rule answer_book:
    input:
        registry=ANSWERS_REGISTRY,
        tables=ANSWERS.table_paths(),
        figures=ANSWERS.figure_paths(),
    output:
        markdown=expand(
            f"{ANSWERS_DIR}/{{document}}.md",
            document=[d.id for d in ANSWERS.documents],
        ),
        html=report(
            f"{ANSWERS_DIR}/index.html",
            caption="../report/answers/book.rst",
            category="1. Answer book",
            labels={"file": "answers/index.html"},
        ),
    log:
        "results/logs/answers/book.log",
    conda:
        "../../envs/sgdlab.yaml"
    params:
        producers=answer_producers(),
    script:
        "../../scripts/answers/book.py"

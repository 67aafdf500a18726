"""Graphviz drawings of a computation graph, read from the library's own node objects.

The graph is bipartite, as in 003's picture of C <- A + B: value nodes are circles, op
nodes diamonds, and every edge goes from a value to the op that reads it or from an op to
the value it wrote.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sgdlab.minigrad.nodes import Node, topological_order


def _value_label(node: Node) -> str:
    """Name and value (a scalar) or shape (an array) of a value node."""
    name = node.name or ("const" if node.source is None else "")
    detail = f"{float(node.value):.4g}" if node.value.size == 1 else f"shape {node.value.shape}"
    return f"{name}\\n{detail}" if name else detail


def to_dot(root: Node, title: str = "") -> str:
    """DOT text of every value and op node that ``root`` depends on, inputs on the left."""
    order = topological_order(root)
    ids = {id(node): f"v{i}" for i, node in enumerate(order)}
    lines = [
        "digraph computation {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=11];',
    ]
    if title:
        lines.append(f'  labelloc="t"; label="{title}";')
    for i, node in enumerate(order):
        lines.append(f'  {ids[id(node)]} [shape=circle, label="{_value_label(node)}"];')
        if node.source is None:
            continue
        op = f"op{i}"
        lines.append(
            f'  {op} [shape=diamond, style=filled, fillcolor="#dde8f5", '
            f'label="{node.source.op.__name__}"];'
        )
        lines.extend(f"  {ids[id(parent)]} -> {op};" for parent in node.source.inputs)
        lines.append(f"  {op} -> {ids[id(node)]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, png: Path, pdf: Path) -> None:
    """Draw DOT text with Graphviz's ``dot`` as a 150-dpi PNG and a PDF."""
    binary = shutil.which("dot")
    if binary is None:
        raise RuntimeError(
            "Graphviz's `dot` is not on PATH; fix: install Debian's graphviz package "
            "(make setup does it as root)"
        )
    for path, fmt in ((png, ["-Tpng", "-Gdpi=150"]), (pdf, ["-Tpdf"])):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(path).with_name(f".{Path(path).name}.tmp")
        subprocess.run([binary, *fmt, "-o", str(tmp)], input=dot_text, text=True, check=True)
        tmp.replace(path)

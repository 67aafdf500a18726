"""002 part 4, the CNN short answers: output shape, min-pooling, pooling cost, stride, field.

Section 1 a (output shape) and 1 c (min-pooling as -maxpool(-x)) are rows of the answers
table; section 1 b (receptive field against stride), 2 c (one layer's work and time
against stride) and 2 d (pooling cost) are tables of their own. Each value is measured
on torch (nn.Conv2d, the windows F.unfold cuts, autograd, a timer) and set beside its
closed form from ``closed_forms``.
"""

from __future__ import annotations

import time

import pandas as pd
import torch
import torch.nn.functional as F

from sgdlab.studies.autodiff import closed_forms
from sgdlab.studies.autodiff.answer import DOCUMENTS, Answer
from sgdlab.studies.autodiff.settings import AnswerSettings

DOCUMENT = DOCUMENTS["002"]
Pair = tuple[int, int]
# Further pooling shapes beside the config's (c, h, w, window, padding, stride): square and
# not, strides that do and do not divide the padded input, padding equal to the window as
# the document's question has it.
POOLING_EXAMPLES: tuple[tuple[int, int, int, Pair, Pair, Pair], ...] = (
    (1, 4, 4, (2, 2), (2, 2), (2, 2)),
    (3, 32, 32, (3, 3), (3, 3), (2, 2)),
    (8, 28, 28, (2, 2), (2, 2), (1, 1)),
    (4, 7, 11, (3, 2), (3, 2), (2, 3)),
)


def shape_answers(s: AnswerSettings) -> list[Answer]:
    """Section 1 a: output side and flattened size of the configured convolution."""
    c = s.conv
    conv = torch.nn.Conv2d(1, c["channels"], c["kernel"], stride=c["stride"], padding=c["padding"])
    with torch.no_grad():
        out = conv(torch.zeros(1, 1, c["size"], c["size"]))
    side = closed_forms.conv_output_size(c["size"], c["kernel"], c["padding"], c["stride"])
    return [
        Answer(
            "conv_side",
            DOCUMENT,
            "part 4, 1a",
            "output height = width (nn.Conv2d on a real tensor)",
            float(out.shape[-1]),
            float(side),
            "floor((W - K + 2P) / S) + 1",
            document_value=6.0,
        ),
        Answer(
            "conv_size",
            DOCUMENT,
            "part 4, 1a",
            "flattened output size (nn.Conv2d)",
            float(out[0].numel()),
            float(c["channels"] * side * side),
            "N (floor((W - K + 2P) / S) + 1)^2",
            document_value=576.0,
        ),
    ]


def minpool_answer(s: AnswerSettings) -> Answer:
    """Section 1 c: -max_pool2d(-x) against the minimum over each window, on random tensors.

    Shapes, windows and strides are drawn too; the minimum comes from the windows that
    ``F.unfold`` cuts, so no pooling layer is involved on that side.
    """
    generator = torch.Generator().manual_seed(s.minpool["seed"])
    largest, compared = 0.0, 0

    def draw(low: int, high: int) -> int:
        return int(torch.randint(low, high + 1, (1,), generator=generator))

    for _ in range(s.minpool["tensors"]):
        channels, height, width = draw(1, 4), draw(4, 12), draw(4, 12)
        window, stride = (draw(1, 3), draw(1, 3)), (draw(1, 3), draw(1, 3))
        x = torch.randn(1, channels, height, width, generator=generator, dtype=torch.float64)
        pooled = -F.max_pool2d(-x, window, stride)
        patches = F.unfold(x, window, stride=stride).reshape(channels, window[0] * window[1], -1)
        minimum = patches.min(dim=1).values.reshape(pooled.shape)
        largest = max(largest, float((pooled - minimum).abs().max()))
        compared += pooled.numel()
    return Answer(
        "minpool",
        DOCUMENT,
        "part 4, 1c",
        f"largest |-max_pool2d(-x) - min over each window| on {s.minpool['tensors']} "
        "random tensors",
        largest,
        0.0,
        "min over the windows F.unfold cuts (min(x) = -max(-x))",
        points_checked=compared,
    )


def cnn_answers(s: AnswerSettings) -> list[Answer]:
    """The rows of part 4 in the answers table."""
    return [*shape_answers(s), minpool_answer(s)]


def _pooling_row(c: int, h: int, w: int, window: Pair, padding: Pair, stride: Pair) -> dict:
    """One shape: the cost formula beside the elements of the windows F.unfold forms."""
    inputs = torch.zeros(1, c, h, w)
    windows = F.unfold(inputs, kernel_size=window, padding=padding, stride=stride)
    out_h = (h + 2 * padding[0] - window[0]) // stride[0] + 1
    out_w = (w + 2 * padding[1] - window[1]) // stride[1] + 1
    formula = closed_forms.pooling_cost(c, h, w, window, padding, stride)
    return {
        "shape": f"{c}×{h}×{w}, window {window[0]}×{window[1]}, padding {padding}, stride {stride}",
        "out_height": out_h,
        "out_width": out_w,
        "windows": windows.shape[-1] * c,
        "formula_cost": formula,
        "counted_cost": windows.numel(),
        "agrees": formula == windows.numel(),
    }


def pooling_cost_table(s: AnswerSettings) -> pd.DataFrame:
    """Section 2 d: c h' w' p_h p_w for the config's shape and ``POOLING_EXAMPLES``.

    Padding (p_h, p_w) is added on each side (PyTorch's convention: 2 p_h rows in all),
    so h' = floor((h + 2 p_h - p_h) / s_h) + 1; each output reads one p_h x p_w window.
    """
    p = s.pooling
    configured = (
        p["channels"],
        p["height"],
        p["width"],
        tuple(p["window"]),
        tuple(p["padding"]),
        tuple(p["stride"]),
    )
    rows = [_pooling_row(*shape) for shape in (configured, *POOLING_EXAMPLES)]
    return pd.DataFrame(rows).assign(source=["config"] + ["example"] * len(POOLING_EXAMPLES))


WARM_UP = 5


def fastest_ms(layers: list[torch.nn.Module], x: torch.Tensor, repeats: int) -> list[float]:
    """Fastest forward pass of each layer in milliseconds, over ``repeats`` interleaved rounds.

    Each round times every layer once, after ``WARM_UP`` untimed rounds, so all layers meet
    the same background load; the fastest pass is the one least disturbed by other
    processes on a shared machine (single passes of one layer varied fivefold there).
    """
    fastest = [float("inf")] * len(layers)
    with torch.no_grad():
        for round_ in range(WARM_UP + repeats):
            for i, layer in enumerate(layers):
                start = time.perf_counter()
                layer(x)
                if round_ >= WARM_UP:
                    fastest[i] = min(fastest[i], 1000 * (time.perf_counter() - start))
    return fastest


def stride_table(s: AnswerSettings) -> pd.DataFrame:
    """Section 2 c: one convolution at each stride: positions, multiply-adds, wall time.

    The same seeded input and a layer of the same shape per stride (padding k // 2). The
    multiply-adds are counted from the patches ``F.unfold`` cuts at that stride (each
    patch element meets each output channel once) beside the formula N C_out H' W' C_in k^2.
    """
    c = s.stride
    generator = torch.Generator().manual_seed(c["seed"])
    x = torch.randn(c["batch"], c["channels"], c["size"], c["size"], generator=generator)
    padding = c["kernel"] // 2
    layers = [
        torch.nn.Conv2d(c["channels"], c["out_channels"], c["kernel"], stride, padding)
        for stride in c["strides"]
    ]
    description = (
        f"{c['channels']}→{c['out_channels']} channels, {c['kernel']}×{c['kernel']} kernel, "
        f"padding {padding}, input {c['batch']}×{c['channels']}×{c['size']}×{c['size']}"
    )
    rows = []
    for stride, layer in zip(c["strides"], layers, strict=True):
        with torch.no_grad():
            side = layer(x).shape[-1]
        patches = F.unfold(x, c["kernel"], padding=padding, stride=stride)
        rows.append(
            {
                "stride": stride,
                "description": description,
                "output_positions": side * side,
                "macs": patches.numel() * c["out_channels"],
                "formula_macs": closed_forms.conv_macs(
                    c["batch"], c["channels"], c["out_channels"], c["kernel"], side
                ),
            }
        )
    table = pd.DataFrame(rows).assign(time_ms=fastest_ms(layers, x, c["repeats"]))
    return table.assign(speedup=table["time_ms"].iloc[0] / table["time_ms"])


def measured_field(kernel: int, stride: int, layers: int) -> int:
    """Inputs with a nonzero gradient for one output of ``layers`` stacked 1-D convolutions.

    Weights are all ones (no cancellation can hide an input) and there is no padding; the
    input is long enough for the output in the middle to see a full field.
    """
    length = 4 * closed_forms.receptive_field(kernel, stride, layers) + 8
    x = torch.zeros(1, 1, length, dtype=torch.float64, requires_grad=True)
    out = x
    for _ in range(layers):
        out = F.conv1d(out, torch.ones(1, 1, kernel, dtype=torch.float64), stride=stride)
    out[0, 0, out.shape[-1] // 2].backward()
    return int((x.grad != 0).sum())


def receptive_field_table(s: AnswerSettings) -> pd.DataFrame:
    """Section 1 b: receptive field in tokens after 1 ... L layers, per stride."""
    r = s.receptive_field
    rows = [
        {
            "stride": stride,
            "kernel": r["kernel"],
            "layers": layers,
            "receptive_field": measured_field(r["kernel"], stride, layers),
            "closed_form": closed_forms.receptive_field(r["kernel"], stride, layers),
        }
        for stride in r["strides"]
        for layers in range(1, r["layers"] + 1)
    ]
    table = pd.DataFrame(rows)
    return table.assign(agrees=table["receptive_field"] == table["closed_form"])


# The tables of 002 part 4 by output name (sgdlab.studies.autodiff.CNN_TABLES).
TABLE_BUILDERS = {
    "pooling_cost": pooling_cost_table,
    "stride": stride_table,
    "receptive_field": receptive_field_table,
}

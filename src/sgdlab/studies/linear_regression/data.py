"""The study's X.pt and y.pt: a seeded one-feature data set, or the user's files loaded safely."""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path

import torch

FILES = ("X.pt", "y.pt")
MIN_SAMPLES = 10  # the 80:10:10 split needs at least one sample in each part


@dataclass(frozen=True)
class GeneratedDataSettings:
    """A seeded line y = slope * x + bias + noise, x uniform on [x_low, x_high]."""

    n: int
    slope: float
    bias: float
    noise_std: float
    x_low: float
    x_high: float
    seed: int


def generate(settings: GeneratedDataSettings) -> tuple[torch.Tensor, torch.Tensor]:
    """Draw X (n, 1) and y (n, 1) in float32 from the seeded line, as the document's files."""
    if settings.n < MIN_SAMPLES or settings.noise_std < 0 or settings.x_high <= settings.x_low:
        raise ValueError(
            f"linear_regression.generate needs n >= {MIN_SAMPLES}, noise_std >= 0 and "
            f"x_high > x_low, got {settings}"
        )
    generator = torch.Generator().manual_seed(settings.seed)
    x = settings.x_low + (settings.x_high - settings.x_low) * torch.rand(
        settings.n, 1, generator=generator, dtype=torch.float64
    )
    noise = settings.noise_std * torch.randn(
        settings.n, 1, generator=generator, dtype=torch.float64
    )
    y = settings.slope * x + settings.bias + noise
    return x.float(), y.float()


def save_tensor(tensor: torch.Tensor, path: Path) -> None:
    """Save one tensor with torch.save, atomically (temporary sibling, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    torch.save(tensor, buffer)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)


def _unpickler_reason(err: pickle.UnpicklingError) -> str:
    """The line of torch's weights-only error that says which object was refused."""
    lines = [line.strip() for line in str(err).splitlines()]
    reason = next((line for line in lines if "Unsupported" in line), lines[0] if lines else "")
    return reason.removeprefix("WeightsUnpickler error: ").split(" was not")[0]


def _load_tensor(path: Path) -> torch.Tensor:
    """Load one file that must hold a single tensor, refusing anything else."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such file. Fix: put X.pt and y.pt in that directory or unset "
            "config key linear_regression.data to use the generated data set."
        )
    try:
        obj = torch.load(path, weights_only=True, map_location="cpu")
    except pickle.UnpicklingError as err:
        if "Unsupported" not in str(err):  # a damaged pickle, not a refused object
            raise ValueError(
                f"{path}: not a readable torch.save file (truncated or corrupted?). "
                f"Fix: save it again with torch.save(tensor, path). Detail: {err}"
            ) from None
        raise ValueError(
            f"{path}: refused to load: it names Python objects other than tensors, which "
            "torch.load(weights_only=True) does not build, so a pickle that runs code never "
            "runs here (a damaged old-format file can read the same). Fix: save plain tensors "
            f"with torch.save(tensor, path). Detail: {_unpickler_reason(err)}"
        ) from None
    except (RuntimeError, EOFError, OSError) as err:
        raise ValueError(
            f"{path}: not a readable torch.save file (truncated or corrupted?). "
            f"Fix: save it again with torch.save(tensor, path). Detail: {err}"
        ) from err
    if not isinstance(obj, torch.Tensor):
        raise TypeError(
            f"{path}: holds a {type(obj).__name__}, not a tensor. "
            "Fix: save one tensor per file with torch.save(tensor, path)."
        )
    return obj


def _as_column(tensor: torch.Tensor, path: Path) -> torch.Tensor:
    """A finite real (n,) or (n, 1) tensor as a float64 column (n, 1)."""
    if tensor.ndim not in (1, 2) or (tensor.ndim == 2 and tensor.shape[1] != 1):
        raise ValueError(
            f"{path}: shape {tuple(tensor.shape)}, expected (n,) or (n, 1): one feature and "
            "one target per sample. Fix: save a column vector."
        )
    if tensor.is_complex() or tensor.dtype == torch.bool:
        raise ValueError(f"{path}: dtype {tensor.dtype} is not real. Fix: save a float tensor.")
    column = tensor.reshape(-1, 1).to(torch.float64)
    if not torch.isfinite(column).all():
        raise ValueError(f"{path}: holds NaN or infinite values. Fix: remove those samples.")
    return column


def load_pair(directory: Path) -> tuple[torch.Tensor, torch.Tensor]:
    """Load X.pt and y.pt from ``directory`` safely, as float64 columns of equal length.

    Files load with ``weights_only=True``, so a malicious pickle is refused without running
    its code; a non-tensor, a wrong shape, a truncated file or unequal lengths stop with a
    message that names the file and the fix.
    """
    x_path, y_path = (Path(directory) / name for name in FILES)
    x = _as_column(_load_tensor(x_path), x_path)
    y = _as_column(_load_tensor(y_path), y_path)
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"{x_path} has {x.shape[0]} samples but {y_path} has {y.shape[0]}. "
            "Fix: save one target per sample."
        )
    if x.shape[0] < MIN_SAMPLES:
        raise ValueError(
            f"{x_path}: {x.shape[0]} samples; the 80:10:10 split needs at least {MIN_SAMPLES}."
        )
    return x, y


def write_generated(settings: GeneratedDataSettings, out_directory: Path) -> None:
    """Generate the seeded data set and save it as X.pt and y.pt in ``out_directory``."""
    for tensor, name in zip(generate(settings), FILES, strict=True):
        save_tensor(tensor, Path(out_directory) / name)

"""FashionMNIST files: where they come from, how they are verified, how they are read.

The four published ``.gz`` files are checked twice: against the published MD5 of the
``.gz`` file, or (when a packager recompressed them, as Debian's ``dataset-fashion-mnist``
does) against the published MD5 of the decompressed IDX file, plus the IDX header. Either
match proves the content is the published data.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")


class DataError(RuntimeError):
    """A data file is missing, truncated or not the published FashionMNIST file."""


@dataclass(frozen=True)
class IdxFile:
    """One published FashionMNIST file and what its content must be."""

    name: str
    gz_md5: str
    raw_md5: str
    magic: int
    shape: tuple[int, ...]

    @property
    def filename(self) -> str:
        """File name of the compressed file, as published."""
        return f"{self.name}.gz"


FILES: tuple[IdxFile, ...] = (
    IdxFile(
        "train-images-idx3-ubyte",
        "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        2051,
        (60000, 28, 28),
    ),
    IdxFile(
        "train-labels-idx1-ubyte",
        "25c81989df183df01b3e8a0aad5dffbe",
        "9018921c3c673c538a1fc5bad174d6f9",
        2049,
        (60000,),
    ),
    IdxFile(
        "t10k-images-idx3-ubyte",
        "bef4ecab320f06d8554ea6380940ec79",
        "8181f5470baa50b63fa0f6fddb340f0a",
        2051,
        (10000, 28, 28),
    ),
    IdxFile(
        "t10k-labels-idx1-ubyte",
        "bb300cfdad3c16e7a12a480ee83cd310",
        "15d484375f8d13e6eb1aabb0c3f46965",
        2049,
        (10000,),
    ),
)
FILENAMES: tuple[str, ...] = tuple(f.filename for f in FILES)

FIX_HINT = (
    "Fix: reinstall the data (`apt-get install --reinstall dataset-fashion-mnist`), point "
    "config key data.source at a directory holding the four published .gz files, or set "
    "data.source to 'download' on a machine with internet access."
)


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _decode_idx(raw: bytes, spec: IdxFile, path: Path) -> np.ndarray:
    """Check the IDX header and size of ``raw`` and return its payload as uint8 array."""
    ndim = len(spec.shape)
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path}: IDX header truncated ({len(raw)} bytes). {FIX_HINT}")
    magic, *dims = struct.unpack(f">I{ndim}I", raw[:header])
    if magic != spec.magic or tuple(dims) != spec.shape:
        raise DataError(
            f"{path}: IDX header says magic {magic}, shape {tuple(dims)}; expected magic "
            f"{spec.magic}, shape {spec.shape}. {FIX_HINT}"
        )
    expected = header + int(np.prod(spec.shape))
    if len(raw) != expected:
        raise DataError(f"{path}: {len(raw)} bytes after decompression, expected {expected}.")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(spec.shape)


def verify_file(path: Path, spec: IdxFile) -> np.ndarray:
    """Verify one ``.gz`` file against the published checksums and return its array.

    Raises DataError naming the file, the expected and actual checksums, and the fix.
    """
    if not path.is_file():
        raise DataError(f"{path}: file is missing. {FIX_HINT}")
    packed = path.read_bytes()
    gz_md5 = _md5(packed)
    try:
        raw = gzip.decompress(packed)
    except (OSError, EOFError) as err:
        raise DataError(
            f"{path}: not a complete gzip file ({err}); MD5 {gz_md5}, expected "
            f"{spec.gz_md5}. The file is truncated or corrupted. {FIX_HINT}"
        ) from err
    raw_md5 = _md5(raw)
    if spec.gz_md5 != gz_md5 and spec.raw_md5 != raw_md5:
        raise DataError(
            f"{path}: checksum mismatch: MD5 {gz_md5} (expected {spec.gz_md5}); decompressed "
            f"MD5 {raw_md5} (expected {spec.raw_md5}). The file is corrupted or not the "
            f"published FashionMNIST file. {FIX_HINT}"
        )
    return _decode_idx(raw, spec, path)


def resolve_source(source: str) -> Path | None:
    """Directory to copy the files from, or None when torchvision must download them."""
    if source == "download":
        return None
    if source == "auto":
        return DEBIAN_DIR if DEBIAN_DIR.is_dir() else None
    return Path(source)


def _download(into: Path) -> Path:
    """Fetch the four files with torchvision's official downloader; return their directory."""
    from torchvision.datasets import FashionMNIST

    FashionMNIST(root=str(into), train=True, download=True)
    return into / "FashionMNIST" / "raw"


def materialize(source: str, dest: Path) -> dict[str, str]:
    """Copy the verified files from ``source`` into ``dest``; return their MD5 sums.

    Every file is verified before anything is written, and each copy lands under its final
    name only when complete, so a bad source leaves no partial output behind.
    """
    with tempfile.TemporaryDirectory() as tmp:
        src = resolve_source(source)
        if src is None:
            src = _download(Path(tmp))
        elif not src.is_dir():
            raise DataError(
                f"data.source directory {src} does not exist. Fix: set data.source to "
                "'auto', 'download' or a directory holding the four FashionMNIST .gz files."
            )
        for spec in FILES:
            verify_file(src / spec.filename, spec)
        dest.mkdir(parents=True, exist_ok=True)
        sums = {}
        for spec in FILES:
            part = dest / f".{spec.filename}.part"
            shutil.copyfile(src / spec.filename, part)
            part.replace(dest / spec.filename)
            sums[spec.filename] = _md5((dest / spec.filename).read_bytes())
    return sums


@dataclass(frozen=True)
class Split:
    """Images (N, 28, 28) uint8 and labels (N,) int64 of one FashionMNIST split."""

    images: torch.Tensor
    labels: torch.Tensor


def load_split(directory: Path, train: bool) -> Split:
    """Read and verify the images and labels of the train or test split from ``directory``."""
    prefix = "train" if train else "t10k"
    arrays = [
        verify_file(directory / spec.filename, spec)
        for spec in FILES
        if spec.name.startswith(prefix)
    ]
    images, labels = arrays
    return Split(torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64)))

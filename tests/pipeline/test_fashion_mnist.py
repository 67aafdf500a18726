import gzip
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision.datasets import FashionMNIST

from sgdlab.pipeline.fashion_mnist import FILES, DataError, load_split, materialize, verify_file


def test_published_files_verify_and_have_the_published_shapes(fashion_dir):
    for spec in FILES:
        array = verify_file(fashion_dir / spec.filename, spec)
        assert array.shape == spec.shape


def test_reader_equals_torchvision(fashion_dir, tmp_path):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for spec in FILES:
        (raw / spec.name).write_bytes(gzip.decompress((fashion_dir / spec.filename).read_bytes()))
    for train in (True, False):
        reference = FashionMNIST(root=str(tmp_path), train=train, download=False)
        ours = load_split(fashion_dir, train=train)
        assert torch.equal(ours.images, reference.data)
        assert torch.equal(ours.labels, reference.targets)


def _copy(fashion_dir: Path, into: Path) -> Path:
    into.mkdir()
    for spec in FILES:
        shutil.copyfile(fashion_dir / spec.filename, into / spec.filename)
    return into


def test_corrupted_file_names_file_checksums_and_fix(fashion_dir, tmp_path):
    src = _copy(fashion_dir, tmp_path / "src")
    spec = FILES[1]
    packed = gzip.decompress((src / spec.filename).read_bytes())
    damaged = bytearray(packed)
    damaged[100] ^= 0xFF
    (src / spec.filename).write_bytes(gzip.compress(bytes(damaged)))
    dest = tmp_path / "dest"
    with pytest.raises(DataError) as err:
        materialize(str(src), dest)
    message = str(err.value)
    assert spec.filename in message and spec.gz_md5 in message and spec.raw_md5 in message
    assert "checksum mismatch" in message and "Fix:" in message
    assert not dest.exists() or not any(dest.iterdir()), "no partial output"


def test_truncated_file_is_reported(fashion_dir, tmp_path):
    src = _copy(fashion_dir, tmp_path / "src")
    spec = FILES[2]
    data = (src / spec.filename).read_bytes()
    (src / spec.filename).write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="truncated or corrupted"):
        materialize(str(src), tmp_path / "dest")


def test_missing_file_and_missing_directory(fashion_dir, tmp_path):
    src = _copy(fashion_dir, tmp_path / "src")
    (src / FILES[0].filename).unlink()
    with pytest.raises(DataError, match="file is missing"):
        materialize(str(src), tmp_path / "dest")
    with pytest.raises(DataError, match="data.source directory"):
        materialize(str(tmp_path / "nowhere"), tmp_path / "dest")


def test_wrong_idx_header_is_reported(fashion_dir, tmp_path):
    spec = FILES[3]
    labels = np.zeros(10, dtype=np.uint8)
    header = np.array([2049, 10], dtype=">u4").tobytes()
    path = tmp_path / spec.filename
    path.write_bytes(gzip.compress(header + labels.tobytes()))
    with pytest.raises(DataError, match="checksum mismatch"):
        verify_file(path, spec)


def test_materialize_copies_verified_files(fashion_dir, tmp_path):
    sums = materialize(str(fashion_dir), tmp_path / "out")
    assert sorted(sums) == sorted(spec.filename for spec in FILES)
    for spec in FILES:
        verify_file(tmp_path / "out" / spec.filename, spec)

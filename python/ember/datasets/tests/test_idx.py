import gzip

import numpy as np
import pytest

from ember.datasets import idx


def write_idx(path, array, magic=b"\x00\x00\x08", dims=None):
    dims = array.ndim if dims is None else dims
    header = magic + bytes([dims]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())
    return path


def test_reads_plain_and_gzipped(tmp_path):
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    plain = write_idx(tmp_path / "a", images)
    zipped = tmp_path / "b.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    assert np.array_equal(idx.read_idx(plain, 3), images)
    assert np.array_equal(idx.read_idx(zipped, 3), images)


def test_truncated_data_is_named(tmp_path):
    path = write_idx(tmp_path / "t", np.zeros((3, 28, 28), np.uint8))
    path.write_bytes(path.read_bytes()[:-5])
    with pytest.raises(idx.IdxError, match="needs 2352 data bytes"):
        idx.read_idx(path)


def test_truncated_header_is_named(tmp_path):
    path = tmp_path / "h"
    path.write_bytes(b"\x00\x00\x08\x03\x00\x00")
    with pytest.raises(idx.IdxError, match="truncated header"):
        idx.read_idx(path)


def test_wrong_magic_is_named(tmp_path):
    path = write_idx(tmp_path / "m", np.zeros((1, 28, 28), np.uint8), magic=b"\x00\x00\x0d")
    with pytest.raises(idx.IdxError, match="wrong magic"):
        idx.read_idx(path)


def test_wrong_dimensions_are_named(tmp_path):
    labels = write_idx(tmp_path / "l", np.zeros(5, np.uint8))
    with pytest.raises(idx.IdxError, match="1 dimensions, expected 3"):
        idx.read_idx(labels, expect_dims=3)


def test_split_checks_image_size_and_label_count(tmp_path):
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((4, 20, 20), np.uint8))
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(4, np.uint8))
    with pytest.raises(idx.IdxError, match="expected 28x28"):
        idx.load_split(tmp_path, "train")
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((4, 28, 28), np.uint8))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(3, np.uint8))
    with pytest.raises(idx.IdxError, match="4 t10k images but 3 labels"):
        idx.load_split(tmp_path, "t10k")


def test_corrupt_gzip_is_named(tmp_path):
    path = tmp_path / "c.gz"
    path.write_bytes(b"\x1f\x8b" + b"garbage")
    with pytest.raises(idx.IdxError, match="corrupt gzip"):
        idx.read_idx(path)

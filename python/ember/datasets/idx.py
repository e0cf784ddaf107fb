"""Reader for IDX files (the MNIST / Fashion-MNIST format), gzipped or plain.

Layout: two zero bytes, a type byte (0x08 = unsigned byte), a byte with the number
of dimensions, one big-endian u32 per dimension, then the data."""

import gzip
from pathlib import Path

import numpy as np

UNSIGNED_BYTE = 0x08


class IdxError(ValueError):
    """A file that is not a well-formed IDX file, with the reason."""


def read_idx(path, expect_dims: int | None = None) -> np.ndarray:
    path = Path(path)
    if not path.is_file():
        raise IdxError(f"{path}: no such file")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise IdxError(f"{path}: corrupt gzip data ({e})") from None
    if len(raw) < 4:
        raise IdxError(f"{path}: {len(raw)} bytes, too short for an IDX header")
    if raw[0] != 0 or raw[1] != 0 or raw[2] != UNSIGNED_BYTE:
        raise IdxError(f"{path}: wrong magic {raw[:4].hex()} (want 0000 08 xx: unsigned-byte IDX)")
    dims = raw[3]
    if dims == 0 or (expect_dims is not None and dims != expect_dims):
        raise IdxError(f"{path}: {dims} dimensions, expected {expect_dims}")
    header = 4 + 4 * dims
    if len(raw) < header:
        raise IdxError(f"{path}: truncated header")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    count = int(np.prod(shape, dtype=np.int64))
    if len(raw) - header != count:
        raise IdxError(f"{path}: shape {shape} needs {count} data bytes, file has {len(raw) - header}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def find(directory, stem: str) -> Path:
    """The IDX file `stem` in directory, plain or .gz (e.g. stem 'train-images-idx3-ubyte')."""
    directory = Path(directory)
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise IdxError(f"{directory}: no {stem} or {stem}.gz")


def load_split(directory, split: str):
    """(images uint8 [N, 28, 28], labels uint8 [N]) for split 'train' or 't10k'."""
    images = read_idx(find(directory, f"{split}-images-idx3-ubyte"), expect_dims=3)
    labels = read_idx(find(directory, f"{split}-labels-idx1-ubyte"), expect_dims=1)
    if len(images) != len(labels):
        raise IdxError(f"{directory}: {len(images)} {split} images but {len(labels)} labels")
    if images.shape[1:] != (28, 28):
        raise IdxError(f"{directory}: {split} images are {images.shape[1:]}, expected 28x28")
    return images, labels

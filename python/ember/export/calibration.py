"""Calibration data: a .npy array of samples (N, *input shape) for a one-input
model, or a .npz whose arrays (in name order, or named input0, input1, ...) hold N
samples for each input."""

import warnings
from pathlib import Path

from .errors import ExportError


def load_calibration(path: str | None, example_inputs: tuple, max_samples: int = 256):
    """Returns a list of input tuples to calibrate on."""
    import numpy as np
    import torch

    if path is None:
        warnings.warn(
            "no --calibration data: calibrating on the example inputs only; "
            "quantization ranges will not reflect real data", stacklevel=2)
        return [example_inputs]

    file = Path(path)
    if not file.is_file():
        raise ExportError(f"calibration file not found: {path}", "give --calibration an existing .npy or .npz")
    try:
        if file.suffix == ".npz":
            with np.load(file) as z:
                names = sorted(z.files)
                arrays = [z[n] for n in names]
        else:
            arrays = [np.load(file, allow_pickle=False)]
    except Exception as e:
        raise ExportError(f"calibration file {path} is not a valid .npy/.npz: {e}",
                          "save the samples with numpy.save (or numpy.savez, one array per input)") from None

    if len(arrays) != len(example_inputs):
        raise ExportError(f"calibration file {path} has {len(arrays)} arrays, "
                          f"the model has {len(example_inputs)} inputs", "give one array per model input (.npz)")
    count = None
    for i, (array, example) in enumerate(zip(arrays, example_inputs)):
        sample_shape = tuple(example.shape[1:]) if example.shape and example.shape[0] == 1 else tuple(example.shape)
        if tuple(array.shape[1:]) != sample_shape and tuple(array.shape[1:]) != tuple(example.shape):
            raise ExportError(
                f"calibration input {i} has shape {tuple(array.shape)}; expected "
                f"(N, {', '.join(map(str, sample_shape))}) to match the example input {tuple(example.shape)}",
                "stack the samples along a new first axis")
        if not np.issubdtype(array.dtype, np.number):
            raise ExportError(f"calibration input {i} has non-numeric dtype {array.dtype}",
                              "give the samples as float arrays")
        count = len(array) if count is None else min(count, len(array))
    if not count:
        raise ExportError(f"calibration file {path} holds no samples", "give at least one sample (N >= 1)")

    samples = []
    for k in range(min(count, max_samples)):
        sample = []
        for array, example in zip(arrays, example_inputs):
            t = torch.from_numpy(np.ascontiguousarray(array[k])).to(example.dtype)
            sample.append(t.reshape(example.shape))
        samples.append(tuple(sample))
    return samples

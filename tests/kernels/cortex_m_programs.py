"""Small programs through upstream's Cortex-M flow, run by ember-tool and by the
reference: the same edge program executed in torch, where each cortex_m:: operator
runs its Python implementation (ops/operators.py), upstream's reference semantics.
(The pip package's executorch.runtime has no cortex_m:: kernels to run instead.)"""

import contextlib
import types
from dataclasses import dataclass

import numpy as np
import torch

from tests.runtime.conftest import run_tool


@dataclass
class Exported:
    pte: bytes
    inputs: list          # test input tuples, channels_last where 4-D
    expected: list        # the reference's output tensor for each
    kernels: list         # the CPU kernels in the program, in order


def memory_bytes(t: torch.Tensor) -> bytes:
    """The tensor's bytes in its own memory order (what the program's tensor holds)."""
    return t.permute(*t.dim_order()).contiguous().numpy().tobytes()


@contextlib.contextmanager
def int8_max_pool_workaround():
    """torch's int8 max_pool2d on channels_last tensors fails from about 2^12
    elements ("Expected input_depth * input_height * input_width <= ..."): the
    reference's max pool runs in int16 instead, which gives the same maxima."""
    import torch.nn.functional as F
    from executorch.backends.cortex_m.ops import operators

    def max_pool2d(x, *args, **kwargs):
        return F.max_pool2d(x.to(torch.int16), *args, **kwargs).to(x.dtype)

    saved = operators.F
    operators.F = types.SimpleNamespace(**{n: getattr(F, n) for n in dir(F) if not n.startswith("__")})
    operators.F.max_pool2d = max_pool2d
    try:
        yield
    finally:
        operators.F = saved


def export(module, example, samples, tests) -> Exported:
    from executorch.exir import ExecutorchBackendConfig

    from ember.export import cortex_m
    from ember.export.pte_summary import summarize

    torch.manual_seed(0)
    quantized = cortex_m.quantize(module.eval(), example, samples)
    edge = cortex_m.edge_program(quantized, example)
    reference = edge.exported_program().module()
    inputs = [cortex_m.channels_last(t) for t in tests]
    with torch.no_grad(), int8_max_pool_workaround():
        expected = [reference(*x) for x in inputs]
    pte = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False)).buffer
    return Exported(pte, inputs, expected, summarize(pte)["methods"][0]["cpu_operators"])


def run_ember(tool, exported: Exported, tmp_path, index: int) -> bytes:
    pte = tmp_path / "model.pte"
    pte.write_bytes(exported.pte)
    args = []
    for i, t in enumerate(exported.inputs[index]):
        path = tmp_path / f"in{index}_{i}.bin"
        path.write_bytes(memory_bytes(t))
        args += ["--input", path]
    out_dir = tmp_path / f"out{index}"
    out_dir.mkdir()
    run_tool(tool, "run", pte, *args, "--raw-io", out_dir)
    return (out_dir / "output0.bin").read_bytes()


def assert_bit_exact(tool, exported: Exported, tmp_path):
    """Every test input: ember's output bytes equal the reference's."""
    for index, expected in enumerate(exported.expected):
        got = run_ember(tool, exported, tmp_path, index)
        want = memory_bytes(expected)
        if got != want:
            g = np.frombuffer(got, dtype=expected.numpy().dtype)
            w = np.frombuffer(want, dtype=expected.numpy().dtype)
            raise AssertionError(f"input {index}: {np.count_nonzero(g != w)} of {w.size} values differ, "
                                 f"max |diff| {np.abs(g.astype(np.float64) - w).max()}")

"""ember's quantize/dequantize against upstream ExecuTorch's own kernels, bit for
bit: one-op programs run by upstream's runtime (executorch.runtime) and by
ember-tool on the same inputs. (PyTorch's Python reference op differs from
upstream's C++ kernel on some ties: it computes 1/scale in double.)"""

import executorch.kernels.quantized  # noqa: F401  (out variants of quantized_decomposed)
import numpy as np
import pytest
import torch
import torch.ao.quantization.fx._decomposed  # noqa: F401  (registers quantized_decomposed)

from tests.runtime.conftest import run_tool


def one_op_program(tmp_path, op, *params, n):
    from executorch.exir import to_edge

    class OneOp(torch.nn.Module):
        def forward(self, x):
            return op(x, *params)

    example = torch.zeros(n, dtype=torch.float32 if op.__name__.startswith("quantize") else torch.int8)
    path = tmp_path / f"{op.__name__}.pte"
    path.write_bytes(to_edge(torch.export.export(OneOp(), (example,))).to_executorch().buffer)
    return path


def run_both(tool, pte, x, tmp_path):
    from executorch.runtime import Runtime

    expected = Runtime.get().load_program(str(pte)).load_method("forward").execute([torch.from_numpy(x)])[0].numpy()
    np.save(tmp_path / "x.npy", x)
    run_tool(tool, "run", pte, "--input", tmp_path / "x.npy", "--output", tmp_path / "y.npy")
    return np.load(tmp_path / "y.npy"), expected


@pytest.mark.parametrize("scale,zp", [(1.0, 0), (0.25, 3), (0.0039215686, -128), (0.1, 17), (3.7, -5)])
def test_quantize_is_bit_exact_with_upstream(ember_tool, tmp_path, scale, zp):
    rng = np.random.default_rng(0)
    ties = (np.arange(-300, 300) + 0.5) * scale  # exact .5 multiples: the rounding cases
    x = np.concatenate([ties, rng.normal(0, 60 * scale, 2000), [0.0, -0.0, 1e9, -1e9]]).astype(np.float32)
    pte = one_op_program(tmp_path, torch.ops.quantized_decomposed.quantize_per_tensor, scale, zp, -128, 127,
                         torch.int8, n=x.size)
    ours, expected = run_both(ember_tool, pte, x, tmp_path)
    mismatches = np.flatnonzero(ours != expected.astype(np.float32))
    assert mismatches.size == 0, f"{mismatches.size} mismatches, first at x={x[mismatches[0]]!r}"


@pytest.mark.parametrize("scale,zp", [(0.25, 3), (0.0039215686, -128), (0.1, 17)])
def test_dequantize_is_bit_exact_with_upstream(ember_tool, tmp_path, scale, zp):
    q = np.arange(-128, 128, dtype=np.int8)
    pte = one_op_program(tmp_path, torch.ops.quantized_decomposed.dequantize_per_tensor, scale, zp, -128, 127,
                         torch.int8, n=q.size)
    ours, expected = run_both(ember_tool, pte, q, tmp_path)
    np.testing.assert_array_equal(ours, expected)

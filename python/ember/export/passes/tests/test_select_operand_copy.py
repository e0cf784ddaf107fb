"""select-operand-copy: a select whose operand another operation reads through a
reshape, which Vela 5.1 miscompiles for the Ethos-U85 (found by the U85
differential check: seed 31 graph 35, a gather; seed 38 graph 5, a matmul's
transposed operand), runs on the simulated U85 as its TOSA graph says, int8 and
int16, and the rewritten graph computes what upstream's graph computes."""

import numpy as np
import pytest
import torch
from torch import nn

from ember.export import export_model

from .test_passes import _same_results, _simulated_npu_equals_reference


class GatherSelect(nn.Module):
    def forward(self, x):
        gathered = torch.index_select(x, 1, torch.tensor([2, 0, 0]))
        return torch.where(gathered > x, gathered, x)


class NormSelectMatmul(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(3, elementwise_affine=False)

    def forward(self, x):
        normed = self.norm(x)
        return torch.where(normed != 0, normed, x) @ normed.transpose(-1, -2)


# module, input shape, RESHAPEs of a select's operand (each gets a copy)
CASES = {"gather": (GatherSelect, (1, 3, 4, 5), 1), "matmul": (NormSelectMatmul, (1, 1, 3), 2)}


def _export(module, shape, passes, keep, activations):
    torch.manual_seed(0)
    calibration = [(torch.rand(shape) * 2 - 1,) for _ in range(4)]
    result = export_model(module(), calibration[0], "e8-hp-u85", calibration=calibration, io=activations,
                          activations=activations, memory_mode="Shared_Sram", keep_dir=str(keep), passes=passes)
    return result, sorted((keep / "lowering").glob("output_tag*.tosa"))


@pytest.mark.parametrize("case, activations", [("gather", "int8"), ("gather", "int16"), ("matmul", "int16")])
def test_reshape_reads_its_own_copy_and_the_select_is_right(tmp_path, case, activations):
    module, shape, reshapes = CASES[case]
    dtype = np.int8 if activations == "int8" else np.int16
    upstream, (tosa_up,) = _export(module, shape, [], tmp_path / "up", activations)
    ours, (tosa,) = _export(module, shape, ["select-operand-copy"], tmp_path / "ours", activations)
    assert ours.report["passes"]["fired"] == {"select-operand-copy": reshapes}
    _same_results(tosa, tosa_up, shape, tmp_path, dtype=dtype)
    (tmp_path / "ours_npu").mkdir()
    _simulated_npu_equals_reference(ours, tosa, shape, tmp_path / "ours_npu", dtype)
    # Upstream's program, as Vela 5.1 compiles it, is wrong: when Vela is fixed this
    # fails, and the pass can go.
    (tmp_path / "up_npu").mkdir()
    with pytest.raises(AssertionError, match="Mismatched elements"):
        _simulated_npu_equals_reference(upstream, tosa_up, shape, tmp_path / "up_npu", dtype)

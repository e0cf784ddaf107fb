"""select-operand-copy: a select whose operand another operation reads through a
reshape, which Vela 5.1 miscompiles for the Ethos-U85 (found by the U85
differential check: seed 31 graph 35, a gather; seed 38 graph 5, a matmul's
transposed operand), runs on the simulated U85 as its TOSA graph says, int8 and
int16, and the rewritten graph computes what upstream's graph computes."""

import numpy as np
import pytest
import torch
from torch import nn

from .test_passes import _export, _mends_upstreams_program, _seeded


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


@pytest.mark.parametrize("case, activations", [("gather", "int8"), ("gather", "int16"), ("matmul", "int16")])
def test_reshape_reads_its_own_copy_and_the_select_is_right(tmp_path, case, activations):
    module, shape, reshapes = CASES[case]
    dtype = np.int8 if activations == "int8" else np.int16
    upstream, (tosa_up,) = _export(_seeded(module), [], tmp_path / "up", shape, activations, target="e8-hp-u85")
    ours, (tosa,) = _export(_seeded(module), ["select-operand-copy"], tmp_path / "ours", shape, activations,
                            target="e8-hp-u85")
    assert ours.report["passes"]["fired"] == {"select-operand-copy": reshapes}
    _mends_upstreams_program(upstream, tosa_up, ours, tosa, shape, tmp_path, dtype, "Mismatched elements")

"""reduce-min-as-max: a REDUCE_MIN whose output a RESHAPE reads, which Vela
5.1 miscompiles for the Ethos-U55 (found by the differential check: seed 39
graph 15, an amin before a Linear), runs on the simulated U55 as its TOSA graph
says, int8 and int16, and the rewritten graph computes what upstream's graph
computes."""

import numpy as np
import pytest
import torch
from torch import nn

from .test_passes import _export, _mends_upstreams_program, _seeded


class MinLinear(nn.Module):
    """amin over a dim, kept, then flattened into a Linear."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(torch.flatten(x.amin(dim=3, keepdim=True), 1))


class MinDropped(nn.Module):
    """amin without keepdim: TOSA's REDUCE_MIN keeps the dim, a RESHAPE drops it."""

    def forward(self, x):
        return x.amin(dim=2) + 1


# module, input shape
CASES = {"linear": (MinLinear, (1, 2, 4, 3)), "dropped": (MinDropped, (1, 4, 3, 5))}


@pytest.mark.parametrize("case, activations", [("linear", "int8"), ("linear", "int16"), ("dropped", "int8")])
def test_min_as_max_is_right(tmp_path, case, activations):
    module, shape = CASES[case]
    dtype = np.int8 if activations == "int8" else np.int16
    upstream, (tosa_up,) = _export(_seeded(module), [], tmp_path / "up", shape, activations)
    ours, (tosa,) = _export(_seeded(module), ["reduce-min-as-max"], tmp_path / "ours", shape, activations)
    assert ours.report["passes"]["fired"] == {"reduce-min-as-max": 1}
    _mends_upstreams_program(upstream, tosa_up, ours, tosa, shape, tmp_path, dtype, "Mismatched elements")


class MinKept(nn.Module):
    """amin with keepdim read by an elementwise operation: no RESHAPE reads it."""

    def forward(self, x):
        return x.amin(dim=2, keepdim=True) + 1


def test_an_amin_no_reshape_reads_is_left_to_vela(tmp_path):
    result, _ = _export(_seeded(MinKept), ["reduce-min-as-max"], tmp_path, (1, 4, 3, 5))
    assert result.report["passes"]["fired"] == {}

"""reduce-min-as-max: a REDUCE_MIN whose output a RESHAPE reads, which Vela
5.1 miscompiles for the Ethos-U55 (found by the differential check: seed 39
graph 15, an amin before a Linear), runs on the simulated U55 as its TOSA graph
says, int8 and int16, and the rewritten graph computes what upstream's graph
computes."""

import numpy as np
import pytest
import torch
from torch import nn

from ember.export import export_model

from .test_passes import _same_results, _simulated_npu_equals_reference


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


def _export(module, shape, passes, keep, activations):
    torch.manual_seed(0)
    calibration = [(torch.rand(shape) * 2 - 1,) for _ in range(4)]
    result = export_model(module(), calibration[0], "e8-he", calibration=calibration, io=activations,
                          activations=activations, memory_mode="Shared_Sram", keep_dir=str(keep), passes=passes)
    return result, sorted((keep / "lowering").glob("output_tag*.tosa"))


@pytest.mark.parametrize("case, activations", [("linear", "int8"), ("linear", "int16"), ("dropped", "int8")])
def test_min_as_max_is_right(tmp_path, case, activations):
    module, shape = CASES[case]
    dtype = np.int8 if activations == "int8" else np.int16
    upstream, (tosa_up,) = _export(module, shape, [], tmp_path / "up", activations)
    ours, (tosa,) = _export(module, shape, ["reduce-min-as-max"], tmp_path / "ours", activations)
    assert ours.report["passes"]["fired"] == {"reduce-min-as-max": 1}
    _same_results(tosa, tosa_up, shape, tmp_path, dtype=dtype)
    (tmp_path / "ours_npu").mkdir()
    _simulated_npu_equals_reference(ours, tosa, shape, tmp_path / "ours_npu", dtype)
    # Upstream's program, as Vela 5.1 compiles it, is wrong: when Vela is fixed this
    # fails, and the pass can go.
    (tmp_path / "up_npu").mkdir()
    with pytest.raises(AssertionError, match="Mismatched elements"):
        _simulated_npu_equals_reference(upstream, tosa_up, shape, tmp_path / "up_npu", dtype)


class MinKept(nn.Module):
    """amin with keepdim read by an elementwise operation: no RESHAPE reads it."""

    def forward(self, x):
        return x.amin(dim=2, keepdim=True) + 1


def test_an_amin_no_reshape_reads_is_left_to_vela(tmp_path):
    result, _ = _export(MinKept, (1, 4, 3, 5), ["reduce-min-as-max"], tmp_path, "int8")
    assert result.report["passes"]["fired"] == {}

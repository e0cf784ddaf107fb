"""gather-input-copy: a select whose operand also feeds a GATHER, which Vela 5.1
miscompiles for the Ethos-U85 (found by the U85 differential check, seed 31
graph 35), runs on the simulated U85 as its TOSA graph says, int8 and int16, and
the rewritten graph computes what upstream's graph computes."""

import numpy as np
import pytest
import torch
from torch import nn

from ember.export import export_model

from .test_passes import _same_results, _simulated_npu_equals_reference

SHAPE = (1, 3, 4, 5)


class GatherSelect(nn.Module):
    def forward(self, x):
        gathered = torch.index_select(x, 1, torch.tensor([2, 0, 0]))
        return torch.where(gathered > x, gathered, x)


def _export(passes, keep, activations):
    torch.manual_seed(0)
    calibration = [(torch.rand(SHAPE) * 2 - 1,) for _ in range(4)]
    result = export_model(GatherSelect(), calibration[0], "e8-hp-u85", calibration=calibration, io=activations,
                          activations=activations, memory_mode="Shared_Sram", keep_dir=str(keep), passes=passes)
    return result, sorted((keep / "lowering").glob("output_tag*.tosa"))


@pytest.mark.parametrize("activations", ["int8", "int16"])
def test_gather_reads_its_own_copy_and_the_select_is_right(tmp_path, activations):
    dtype = np.int8 if activations == "int8" else np.int16
    upstream, (tosa_up,) = _export([], tmp_path / "up", activations)
    ours, (tosa,) = _export(["gather-input-copy"], tmp_path / "ours", activations)
    assert ours.report["passes"]["fired"] == {"gather-input-copy": 1}
    _same_results(tosa, tosa_up, SHAPE, tmp_path, dtype=dtype)
    (tmp_path / "ours_npu").mkdir()
    _simulated_npu_equals_reference(ours, tosa, SHAPE, tmp_path / "ours_npu", dtype)
    # Upstream's program, as Vela 5.1 compiles it, is wrong: when Vela is fixed this
    # fails, and the pass can go.
    (tmp_path / "up_npu").mkdir()
    with pytest.raises(AssertionError, match="Mismatched elements"):
        _simulated_npu_equals_reference(upstream, tosa_up, SHAPE, tmp_path / "up_npu", dtype)

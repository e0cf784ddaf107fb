"""batch-into-height: the transformer MLP Vela 5.1 miscompiles without it
(tests/ethosu/test_networks_vs_tosa_reference.py keeps that case) runs on the
simulated NPU bit for bit as its TOSA graph says, and the rewritten graph computes
what upstream's graph computes."""

import re
import subprocess

import numpy as np
from torch import nn

from ember.host_tool import tool_path

from .test_passes import _export, _same_results, _seeded, _simulated_npu_equals_reference


class GeluFeedForward(nn.Module):
    """The zoo transformer's MLP: Linear -> GELU -> Linear on [1, 8, 32]."""

    def __init__(self):
        super().__init__()
        self.up, self.down = nn.Linear(32, 64), nn.Linear(64, 32)

    def forward(self, x):
        return self.down(nn.functional.gelu(self.up(x)))


def test_batch_of_rows_runs_as_one_column_bit_exact(tmp_path):
    shape = (1, 8, 32)
    upstream, (tosa_up,) = _export(_seeded(GeluFeedForward), [], tmp_path / "up", shape)
    ours, (tosa,) = _export(_seeded(GeluFeedForward), ["batch-into-height"], tmp_path / "ours", shape)
    assert ours.report["passes"]["fired"] == {"batch-into-height": 2}
    _same_results(tosa, tosa_up, shape, tmp_path)
    _simulated_npu_equals_reference(ours, tosa, shape, tmp_path, np.int8)
    commands = subprocess.run([str(tool_path()), "inspect", str(tmp_path / "model.pte"), "--commands"],
                              capture_output=True, text=True, check=True).stdout
    first_conv = commands[:commands.index("NPU_OP_CONV")]
    # all 8 rows read from the IFM, none from padding
    assert re.search(r"NPU_SET_IFM_HEIGHT0_M1 +7,", first_conv) and re.search(r"NPU_SET_IFM_PAD_BOTTOM +0,", first_conv)

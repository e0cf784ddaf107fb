"""Whole networks on the simulated Ethos-U55 against the TOSA reference model, bit
for bit: each network on U55-128 with every weight in place (Sram_Only) and on
U55-256 with weights DMA'd from MRAM into scratch (Shared_Sram)."""

import re
import subprocess

import numpy as np
import pytest
import torch

from .networks import NETWORKS
from .test_npu_vs_tosa_reference import compare_with_reference


@pytest.mark.parametrize("target,memory_mode", [("e8-he", "Sram_Only"), ("e8-hp", "Shared_Sram")])
@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_network_equals_tosa_reference(ember_tool, tmp_path, name, target, memory_mode):
    factory, shape = NETWORKS[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, target, "int8", memory_mode) == 0


class GeluFeedForward(torch.nn.Module):
    """The zoo transformer's MLP: Linear -> GELU -> Linear on [1, 8, 32]."""

    def __init__(self):
        super().__init__()
        self.up, self.down = torch.nn.Linear(32, 64), torch.nn.Linear(64, 32)

    def forward(self, x):
        return self.down(torch.nn.functional.gelu(self.up(x)))


def test_gelu_feed_forward_shows_velas_miscompiled_batch_convolution(ember_tool, tmp_path):
    """Upstream's lowering makes this chain's first Linear a batch-8 1x1 CONV2D; Vela 5.1
    compiles it to read 2 of its 8 input rows (IFM 2x1, NPU_SET_IFM_PAD_BOTTOM 6), so
    the hardware computes rows 2-7 from padding alone (Linear -> GELU alone, and
    Linear -> ReLU -> Linear, compile correctly). ember's simulator runs what the stream
    says: it differs from the TOSA reference (which equals the quantized module) and
    its rows 2-7 are all the same. Exported without ember's passes (batch-into-height,
    python/ember/export/passes/batch_into_height.py, avoids the miscompiled form). A
    fixed Vela fails this test: then the pass can go."""
    mismatches = compare_with_reference(ember_tool, tmp_path, "gelu_feed_forward", GeluFeedForward, (1, 8, 32), "e8-he",
                                         "int8", "Shared_Sram", passes=[])
    assert mismatches > 0
    rows = np.load(tmp_path / "y.npy").reshape(-1, 8, 32)
    assert all((sample[2:] == sample[2]).all() and not (sample[1] == sample[2]).all() for sample in rows)
    commands = subprocess.run([ember_tool, "inspect", tmp_path / "model.pte", "--commands"], capture_output=True,
                              text=True, check=True).stdout
    first_conv = commands[:commands.index("NPU_OP_CONV")]
    assert re.search(r"NPU_SET_IFM_PAD_BOTTOM +6,", first_conv) and re.search(r"NPU_SET_OFM_HEIGHT_M1 +7,", first_conv)

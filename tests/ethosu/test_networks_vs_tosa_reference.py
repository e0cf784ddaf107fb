"""Whole networks on the simulated Ethos-U55 against the TOSA reference model, bit
for bit: each network on U55-128 with every weight in place (Sram_Only) and on
U55-256 with weights DMA'd from MRAM into scratch (Shared_Sram)."""

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
    """The zoo transformer's MLP: Linear -> GELU -> Linear. Each piece alone, Linear
    -> GELU, and Linear -> ReLU -> Linear are bit-exact; this chain is not."""

    def __init__(self):
        super().__init__()
        self.up, self.down = torch.nn.Linear(32, 64), torch.nn.Linear(64, 32)

    def forward(self, x):
        return self.down(torch.nn.functional.gelu(self.up(x)))


@pytest.mark.xfail(strict=True, reason="open: most int8 outputs differ from the TOSA reference (found by tests/zoo's "
                   "transformer on e8-he/e8-hp, 36 output steps from the quantized module); fails once fixed")
def test_gelu_feed_forward_equals_tosa_reference(ember_tool, tmp_path):
    assert compare_with_reference(ember_tool, tmp_path, "gelu_feed_forward", GeluFeedForward, (1, 8, 32), "e8-he",
                                  "int8", "Shared_Sram") == 0

"""Whole networks on the simulated Ethos-U55 against the TOSA reference model, bit
for bit: each network on U55-128 with every weight in place (Sram_Only) and on
U55-256 with weights DMA'd from MRAM into scratch (Shared_Sram)."""

import pytest

from .networks import NETWORKS
from .test_npu_vs_tosa_reference import compare_with_reference


@pytest.mark.parametrize("target,memory_mode", [("e8-he", "Sram_Only"), ("e8-hp", "Shared_Sram")])
@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_network_equals_tosa_reference(ember_tool, tmp_path, name, target, memory_mode):
    factory, shape = NETWORKS[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, target, "int8", memory_mode) == 0

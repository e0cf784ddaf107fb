"""The simulated Ethos-U85-256 (e8-hp-u85) against the TOSA reference model on
the very TOSA graph Vela compiled, bit for bit, as test_npu_vs_tosa_reference.py
does for the U55: a slice of the suite that brings the U85's own forms (its
weight order for depth-first, part-kernel-first and depthwise streams with
strides and dilation, OFM transposes, chained operations, average pooling the
NPU divides, broadcast scalars with zero points). EMBER_U85_FULL_SUITE=1 runs
every int8 suite model and network."""

import os

import pytest

from .models import SUITE
from .networks import NETWORKS
from .test_npu_vs_tosa_reference import compare_with_reference

SLICE = ("conv_stride2", "conv_dilation2", "depthwise_relu6", "elementwise", "max_and_average_pool",
         "sigmoid_tanh_clamp_concat")
MODELS = {**SUITE, **NETWORKS} if os.environ.get("EMBER_U85_FULL_SUITE") else {name: SUITE[name] for name in SLICE}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_u85_output_equals_tosa_reference(ember_tool, tmp_path, name):
    factory, shape = MODELS[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, "e8-hp-u85", "int8",
                                  memory_mode="Shared_Sram") == 0

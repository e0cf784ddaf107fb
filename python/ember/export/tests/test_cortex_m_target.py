"""e8-he-cpu: the same model through upstream's Cortex-M flow, all on the M55.
Checked on the written .pte: no delegate, int8 cortex_m:: kernels for the conv
layers, and the program computes what the edge graph's reference ops compute."""

import pytest
import torch

from ember.export import ExportError, export_model
from ember.export.pte_summary import summarize

from .conftest import SmallConvNet, seeded


@pytest.fixture(scope="module")
def cpu_export():
    inputs = (torch.rand(1, 3, 16, 16),)
    calibration = [(torch.rand(1, 3, 16, 16),) for _ in range(4)]
    return export_model(seeded(SmallConvNet), inputs, "e8-he-cpu", calibration=calibration)


def test_no_delegate_and_cortex_m_kernels(cpu_export):
    forward = summarize(cpu_export.pte)["methods"][0]
    assert forward["delegates"] == []
    kernels = forward["cpu_operators"]
    assert "cortex_m::quantized_conv2d.out" in kernels
    assert "cortex_m::quantized_max_pool2d.out" in kernels
    assert "cortex_m::quantized_linear.out" in kernels
    assert kernels[0] == "cortex_m::quantize_per_tensor.out"
    assert kernels[-1] == "cortex_m::dequantize_per_tensor.out"
    assert not any(k.startswith("aten::convolution") for k in kernels)  # nothing left in float


def test_report_places_everything_on_the_cpu(cpu_export):
    ops = cpu_export.report["operators"]
    assert ops["npu"] == [] and ops["pte_delegates"] == []
    assert "cortex_m.quantized_conv2d" in ops["cpu"]
    assert cpu_export.report["target"]["name"] == "e8-he-cpu"


def test_int8_io_is_refused_with_a_reason():
    with pytest.raises(ExportError, match="Cortex-M flow"):
        export_model(seeded(SmallConvNet), (torch.rand(1, 3, 16, 16),), "e8-he-cpu", io="int8")


class ReshapeThen(torch.nn.Module):
    """x.reshape(1, 24, 5, 1) on a (1, 24, 5, 1) input: upstream's Cortex-M flow
    plans it as a view of the channels-last quantized input."""

    def forward(self, x):
        return torch.relu(x.reshape(1, 24, 5, 1))


def test_reshape_of_a_channels_last_tensor_reads_a_row_major_copy():
    """Upstream's flow plans the reshape as a view of the channels-last quantized
    input, so its program reads the input's NHWC bytes as NCHW (255 output steps
    from the module: generated graph 36 of seed 5, python -m ember.difftest --cpu).
    ember's export gives the reshape a row-major copy to read, and its program holds
    no view across layouts (tests/kernels/test_cpu_difftest.py runs such programs)."""
    from ember.export.view_layouts import views_across_layouts

    inputs = (torch.rand(1, 24, 5, 1),)
    result = export_model(ReshapeThen(), inputs, "e8-he-cpu", calibration=[inputs])
    assert "dim_order_ops::_to_dim_order_copy.out" in summarize(result.pte)["methods"][0]["cpu_operators"]
    assert views_across_layouts(result.pte) == []

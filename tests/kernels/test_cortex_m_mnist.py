"""The MNIST example exported for the M55 alone (e8-he-cpu, upstream's Cortex-M
flow) runs in ember with outputs identical, bit for bit, to upstream's reference on
the same program. Upstream's own runtime (executorch.runtime) cannot be that
reference: it has no cortex_m:: kernels, which this test also pins down."""

import importlib.util
from pathlib import Path

import pytest
import torch

from tests.kernels.cortex_m_programs import assert_bit_exact, export

MNIST = Path(__file__).resolve().parents[2] / "examples" / "mnist" / "model.py"


@pytest.fixture(scope="module")
def mnist_cpu():
    spec = importlib.util.spec_from_file_location("mnist_model", MNIST)
    mnist = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mnist)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(2)
    calibration = [(torch.rand(1, 1, 28, 28, generator=g),) for _ in range(8)]
    tests = [(torch.rand(1, 1, 28, 28, generator=g),) for _ in range(4)] + [(torch.ones(1, 1, 28, 28) * 3,)]
    return export(mnist.model(), mnist.example_inputs(), calibration, tests)


def test_program_is_int8_on_the_cpu(mnist_cpu):
    assert mnist_cpu.kernels == [
        "cortex_m::quantize_per_tensor.out", "cortex_m::quantized_depthwise_conv2d.out",
        "cortex_m::quantized_max_pool2d.out", "cortex_m::quantized_conv2d.out",
        "cortex_m::quantized_max_pool2d.out", "dim_order_ops::_clone_dim_order.out",
        "cortex_m::quantized_linear.out", "cortex_m::quantized_linear.out",
        "cortex_m::dequantize_per_tensor.out"]


def test_outputs_identical_to_upstream_reference(ember_tool, tmp_path, mnist_cpu):
    assert_bit_exact(ember_tool, mnist_cpu, tmp_path)


def test_upstream_runtime_has_no_cortex_m_kernels(tmp_path, mnist_cpu):
    from executorch.runtime import Runtime

    path = tmp_path / "mnist_cpu.pte"
    path.write_bytes(mnist_cpu.pte)
    with pytest.raises(Exception):
        Runtime.get().load_program(str(path)).load_method("forward")

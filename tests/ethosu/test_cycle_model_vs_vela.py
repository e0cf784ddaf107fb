"""ember's cycle estimate (read through the simulated PMU by `ember run`) against
Vela's own estimate of the same compilation; layers are matched through Vela's
debug database (bench/cycle_model_vs_vela.py).

- A layer that runs as one NPU operation: ember follows Vela's model term by term
  from the registers; only rounding may differ (Vela mixes float and integer
  steps: a few cycles), hence 1% per layer.
- Transposes (the NCHW <-> NHWC moves at int8 I/O, MNIST's flatten) are lowered
  to many 1x1 pools; ember costs each piece by Vela's transpose traffic rule, which
  misses only Vela's one-time block latency per transpose (a few dozen cycles).
  On MNIST they are about 2% of Vela's total, so the network must agree within 2%.
"""

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from .models import SUITE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from cycle_model_vs_vela import compare  # noqa: E402

LAYER_TOLERANCE = 0.01
NETWORK_TOLERANCE = 0.02


def single_operation_layers(network):
    return [layer for layer in network.layers if layer.operator != "Transpose" and len(layer.operations) == 1]


@pytest.mark.parametrize("name,target", [("conv_stride2", "e8-he"), ("depthwise_relu6", "e8-hp")])
def test_single_operation_layers_equal_vela(ember_tool, tmp_path, name, target):
    factory, shape = SUITE[name]
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
    # Sram_Only: no weight DMAs, so each of these layers is one NPU operation.
    network = compare(name, factory().eval(), calibration[0], target, tmp_path, ember_tool, calibration, "Sram_Only")
    layers = single_operation_layers(network)
    for layer in layers:
        print(f"{layer.operator} {layer.name}: ember {layer.ember_cycles}, Vela {layer.vela_cycles}")
    assert layers
    assert all(abs(layer.ratio - 1) <= LAYER_TOLERANCE for layer in layers)


def test_mnist_network_estimate_within_tolerance_of_vela(ember_tool, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "mnist"))
    import model as mnist

    torch.manual_seed(0)
    network = compare("mnist", mnist.model().eval(), mnist.example_inputs(), "e8-he", tmp_path, ember_tool)
    print(f"MNIST e8-he: ember {network.ember_total}, Vela {network.vela_total}, ratio {network.ratio:.4f}")
    assert all(layer.operations for layer in network.layers)
    assert abs(network.ratio - 1) <= NETWORK_TOLERANCE
    assert all(abs(layer.ratio - 1) <= LAYER_TOLERANCE for layer in single_operation_layers(network))

"""ember's Ethos-U85 cycle estimate (src/ethosu/u85/cycle_model.cpp, read through
`ember run --profile`) against Vela 5.1's own estimate of the same compilation,
layers matched through Vela's debug database (bench/cycle_model_vs_vela.py).
The issue's bar: every network within 10 % of Vela. The test command runs two
suite models, one through MRAM with weight DMAs (Shared_Sram) and one with
chained operations and table lookups (Sram_Only); EMBER_U85_FULL_SUITE=1 runs
the whole U85 suite (int8 and a16w8 suites, networks, the issue's two)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from cycle_model_vs_vela import compare, prepared, u85_models  # noqa: E402

NETWORK_TOLERANCE = 0.10
SLICE = {"depthwise_relu6": "Shared_Sram", "elementwise": "Sram_Only"}
FULL = bool(os.environ.get("EMBER_U85_FULL_SUITE"))
MODELS = {name: "auto" for name in u85_models(None)} if FULL else SLICE


@pytest.mark.parametrize("name", list(MODELS))
def test_u85_network_estimate_within_tolerance_of_vela(ember_tool, tmp_path, name):
    factory, shape, activations = u85_models([name])[name]
    module, inputs, calibration = prepared(factory, shape)
    network = compare(name, module, inputs, "e8-hp-u85", tmp_path, ember_tool, calibration, MODELS[name], activations)
    for layer in network.layers:
        print(f"{layer.operator} {layer.name}: ember {layer.ember_cycles}, Vela {layer.vela_cycles}")
    print(f"{name} e8-hp-u85 ({network.memory_mode}): ember {network.ember_total}, Vela {network.vela_total}, "
          f"ratio {network.ratio:.4f}")
    assert network.vela_total > 0 and all(layer.operations for layer in network.layers if layer.vela_cycles)
    assert abs(network.ratio - 1) <= NETWORK_TOLERANCE

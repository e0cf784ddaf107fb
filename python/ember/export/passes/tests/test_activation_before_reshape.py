"""activation-before-reshape: an elementwise operation, then an activation, then a
Linear over the last dimension, where upstream puts the activation after the
reshape to a batch of pixels and Vela 5.1's program for the Ethos-U55 reads past
its input (found by the differential check's reshaped flavour: seed 2 graph 91),
runs on the simulated U55 as its TOSA graph says, int8 and int16, and the
rewritten graph computes what upstream's graph computes."""

import numpy as np
import pytest
from torch import nn

from .test_passes import _export, _mends_upstreams_program, _seeded


class AddActLinear(nn.Module):
    def __init__(self, activation):
        super().__init__()
        self.activation = activation
        self.fc = nn.Linear(8, 16)

    def forward(self, x):
        return self.fc(self.activation(x + x))


CASES = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}
SHAPE = (1, 3, 8, 8)


@pytest.mark.parametrize("activation, activations", [("relu", "int8"), ("sigmoid", "int8"), ("relu", "int16")])
def test_activation_runs_before_the_reshape_and_the_program_is_right(tmp_path, activation, activations):
    dtype = np.int8 if activations == "int8" else np.int16
    model = lambda: AddActLinear(CASES[activation]())  # noqa: E731
    upstream, (tosa_up,) = _export(_seeded(model), [], tmp_path / "up", SHAPE, activations)
    ours, (tosa,) = _export(_seeded(model), ["activation-before-reshape"], tmp_path / "ours", SHAPE, activations)
    assert ours.report["passes"]["fired"] == {"activation-before-reshape": 1}
    _mends_upstreams_program(upstream, tosa_up, ours, tosa, SHAPE, tmp_path, dtype, "bus error")

"""space-to-depth: a strided one-channel convolution becomes a one-hot CONV2D
that moves each stride block into channels and a stride-1 CONV2D over them;
the TOSA graph keeps its results bit for bit (tosa_reference_model against the
graph lowered without the pass), and on ember's simulated U55."""

import numpy as np
import pytest
import torch
from torch import nn

from ember.export.passes import names

from .test_passes import _export, _same_results, _seeded, _simulated_npu_equals_reference


class StridedFirstLayer(nn.Module):
    """A one-channel input under a strided convolution, then a 1x1 one."""

    def __init__(self, kernel, stride, padding):
        super().__init__()
        self.first = nn.Conv2d(1, 16, kernel, stride=stride, padding=padding)
        self.next = nn.Conv2d(16, 8, 1)

    def forward(self, x):
        return self.next(torch.relu(self.first(x)))


CASES = {  # name: (kernel, stride, padding, input shape)
    "ds_cnn": ((10, 4), 2, (5, 1), (1, 1, 49, 10)),  # DS-CNN KWS's first layer
    "odd_stride_3": ((5, 7), (3, 2), (2, 3), (1, 1, 20, 17)),
}


def _model(case):
    kernel, stride, padding, _ = CASES[case]
    return _seeded(lambda: StridedFirstLayer(kernel, stride, padding))


@pytest.mark.parametrize("case", list(CASES))
def test_strided_one_channel_convolution_is_blocked_bit_exact_and_faster(tmp_path, case):
    shape = CASES[case][3]
    others = [p for p in names() if p != "space-to-depth"]
    upstream, (tosa_up,) = _export(_model(case), others, tmp_path / "up", shape)
    ours, (tosa,) = _export(_model(case), None, tmp_path / "ours", shape)
    assert ours.report["passes"]["fired"] == {"space-to-depth": 1}
    assert ours.report["estimate"]["total_cycles"] < upstream.report["estimate"]["total_cycles"]
    _same_results(tosa, tosa_up, shape, tmp_path, samples=6)
    if case == "ds_cnn":
        (tmp_path / "npu").mkdir()
        _simulated_npu_equals_reference(ours, tosa, shape, tmp_path / "npu", np.int8)


def test_stride_1_and_wider_inputs_are_left_alone(tmp_path):
    class Unstrided(nn.Module):
        def __init__(self):
            super().__init__()
            self.one_channel = nn.Conv2d(1, 8, 3, padding=1)
            self.three_channels = nn.Conv2d(8, 8, 3, stride=2)

        def forward(self, x):
            return self.three_channels(torch.relu(self.one_channel(x)))

    ours, _ = _export(_seeded(Unstrided), ["space-to-depth"], tmp_path, (1, 1, 12, 12))
    assert ours.report["passes"]["fired"] == {}

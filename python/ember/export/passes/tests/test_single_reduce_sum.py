"""single-reduce-sum: a global mean's two REDUCE_SUMs (over H, then W) become
one over the map reshaped to a row; the TOSA graph keeps its results bit for
bit (tosa_reference_model against the graph lowered without the pass), and on
ember's simulated U55."""

import numpy as np
import torch
from torch import nn

from ember.export.passes import names

from .test_passes import _export, _same_results, _seeded, _simulated_npu_equals_reference


class GlobalMean(nn.Module):
    """DS-CNN's head: a global mean of a 25x5 map, then a fully connected layer."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 16, 1)
        self.fc = nn.Linear(16, 6)

    def forward(self, x):
        return self.fc(torch.relu(self.conv(x)).mean(dim=(2, 3)))


def test_global_mean_sums_once_bit_exact_and_faster(tmp_path):
    shape = (1, 4, 25, 5)
    others = [p for p in names() if p != "single-reduce-sum"]
    upstream, (tosa_up,) = _export(_seeded(GlobalMean), others, tmp_path / "up", shape)
    ours, (tosa,) = _export(_seeded(GlobalMean), None, tmp_path / "ours", shape)
    assert ours.report["passes"]["fired"] == {"single-reduce-sum": 1}
    assert ours.report["estimate"]["total_cycles"] < upstream.report["estimate"]["total_cycles"]
    _same_results(tosa, tosa_up, shape, tmp_path, samples=6)
    (tmp_path / "npu").mkdir()
    _simulated_npu_equals_reference(ours, tosa, shape, tmp_path / "npu", np.int8)


def test_a_sum_over_one_axis_is_left_alone(tmp_path):
    class RowMean(nn.Module):
        def forward(self, x):
            return x.mean(dim=2)

    ours, _ = _export(RowMean(), ["single-reduce-sum"], tmp_path, (1, 4, 6, 5))
    assert ours.report["passes"]["fired"] == {}

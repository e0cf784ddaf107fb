"""constant-operands-to-sram: a broadcast int8 constant of an elementwise
operation read through an identity TABLE, so Vela reads it from SRAM instead of
re-reading flash for every block. Bit-exact (tosa_reference_model against the
graph lowered without the pass, and ember's simulated U55); kept only where
Vela estimates it faster, left out with Sram_Only."""

import numpy as np
import torch
from torch import nn

from ember.export import export_model
from ember.export.passes import names

from .test_passes import _export, _same_results, _seeded, _simulated_npu_equals_reference

OTHERS = [p for p in names() if p != "constant-operands-to-sram"]


class ChannelBias(nn.Module):
    """tanh(conv(x) + bias) and bias - conv(x): per-channel constants broadcast over H and W."""

    def __init__(self, channels=32):
        super().__init__()
        self.conv = nn.Conv2d(8, channels, 1)
        self.bias = nn.Parameter(torch.randn(1, channels, 1, 1))
        self.shift = nn.Parameter(torch.randn(1, channels, 1, 1))

    def forward(self, x):
        h = self.conv(x)
        return torch.tanh(h + self.bias) * (self.shift - h)


def test_broadcast_constants_are_read_from_sram_bit_exact_and_faster(tmp_path):
    shape = (1, 8, 16, 16)
    without, (tosa_without,) = _export(_seeded(ChannelBias), OTHERS, tmp_path / "without", shape)
    heard = []
    ours, (tosa,) = _export(_seeded(ChannelBias), None, tmp_path / "ours", shape,
                            pass_savings=True, progress=heard.append)
    assert ours.report["passes"]["fired"]["constant-operands-to-sram"] == 2
    assert ours.report["passes"]["not_kept"] == []
    assert ours.report["estimate"]["total_cycles"] < 0.8 * without.report["estimate"]["total_cycles"]
    # The report's saving is the lowering the export ran to price the pass, not a second one.
    assert ours.report["passes"]["saved_cycles"]["constant-operands-to-sram"] == \
        without.report["estimate"]["total_cycles"] - ours.report["estimate"]["total_cycles"]
    assert not [line for line in heard if "constant-operands-to-sram" in line], heard
    _same_results(tosa, tosa_without, shape, tmp_path, samples=4)
    (tmp_path / "npu").mkdir()
    _simulated_npu_equals_reference(ours, tosa, shape, tmp_path / "npu", np.int8)


class TanhBias(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 16, 1)
        self.bias = nn.Parameter(torch.randn(1, 16, 1, 1))

    def forward(self, x):
        return torch.tanh(self.conv(x) + self.bias)


def test_not_kept_where_vela_prices_it_slower(tmp_path):
    """A 4x4x16 map with channels-last I/O: Vela reads the 16-byte constant in
    whole bursts anyway, so the copy would only cost. The kept lowering is then
    the program's own graph (what --keep readers and ember verify compare with)."""
    torch.manual_seed(0)
    x = (torch.rand(1, 8, 4, 4) * 2 - 1,)
    runs = [export_model(_seeded(TanhBias), x, "e8-he", io="int8", memory_mode="Shared_Sram", io_layout="nhwc",
                         passes=passes, keep_dir=str(tmp_path / label))
            for passes, label in ((OTHERS, "without"), (None, "ours"))]
    without, ours = (r.report for r in runs)
    assert "constant-operands-to-sram" not in ours["passes"]["fired"]
    assert ours["passes"]["not_kept"] == ["constant-operands-to-sram"]
    assert ours["estimate"]["total_cycles"] == without["estimate"]["total_cycles"]
    (kept,) = sorted((tmp_path / "ours" / "lowering").glob("output_tag*.tosa"))
    (reference,) = sorted((tmp_path / "without" / "lowering").glob("output_tag*.tosa"))
    assert kept.read_bytes() == reference.read_bytes()


def test_left_out_when_constants_live_in_sram():
    torch.manual_seed(0)
    x = (torch.rand(1, 8, 16, 16) * 2 - 1,)
    result = export_model(_seeded(ChannelBias), x, "e8-he", io="int8", memory_mode="Sram_Only")
    assert "constant-operands-to-sram" not in result.report["passes"]["fired"]
    assert result.report["passes"]["not_kept"] == []

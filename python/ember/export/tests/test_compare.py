"""ember export --target compare: the model exported for each of the E8's NPUs."""

import json

import pytest

from ember.cli import main

MODEL_FILE = '''
import torch
from torch import nn

class Net(nn.Module):
    """conv + nearest upsample + where: the U55's partitioner leaves the last
    three to the CPU, the U85's takes them."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
    def forward(self, x):
        y = nn.functional.interpolate(self.conv(x), scale_factor=2, mode="nearest")
        return torch.where(y > 0, y, y * 0.5)

def model():
    torch.manual_seed(0)
    return Net()

def example_inputs():
    return (torch.rand(1, 3, 8, 8),)
'''

U55_CPU = {"aten.upsample_nearest2d.vec", "aten.gt.Tensor", "aten.where.self"}


def test_compare_lists_each_npu_with_its_estimate_and_cpu_operators(tmp_path, capsys):
    model = tmp_path / "net.py"
    model.write_text(MODEL_FILE)
    report = tmp_path / "compare.json"
    assert main(["export", str(model), "--target", "compare", "--io", "int8",
                 "--memory-mode", "Shared_Sram", "--report", str(report)]) == 0
    rows = {r["target"]: r for r in json.loads(report.read_text())["targets"]}
    assert list(rows) == ["e8-he", "e8-hp", "e8-hp-u85"]
    assert [rows[t]["accelerator"] for t in rows] == ["ethos-u55-128", "ethos-u55-256", "ethos-u85-256"]
    for row in rows.values():
        assert row["latency_ms"] * 1e3 * row["npu_clock_mhz"] == pytest.approx(row["npu_cycles"])
        assert row["memory_mode"] == "Shared_Sram" and row["sram_bytes"] > 0 and row["pte_bytes"] > 0
    assert set(rows["e8-he"]["cpu_operators"]) == U55_CPU == set(rows["e8-hp"]["cpu_operators"])
    assert rows["e8-hp-u85"]["cpu_operators"] == []
    # same MACs, twice the MACs per cycle and 2.5x the clock: HP U55 is the faster U55
    assert rows["e8-hp"]["latency_ms"] < rows["e8-he"]["latency_ms"]
    out = capsys.readouterr().out
    assert "e8-he leaves to the CPU: " in out and "e8-hp-u85 leaves" not in out


def test_compare_writes_no_program(tmp_path, capsys):
    assert main(["export", "m.py", "--target", "compare", "-o", str(tmp_path / "m.pte")]) == 2
    assert "error: --target compare writes no program; leave out -o" in capsys.readouterr().err
    assert main(["export", "m.py", "--target", "e8-hp"]) == 2
    assert "error: no program to write; give -o PTE" in capsys.readouterr().err

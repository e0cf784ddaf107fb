"""`ember export` stops (exit 2, one line) when an NPU partition's Vela stream lists
fewer inputs + outputs than the program's call of it passes: Vela 5.1 leaves out a
partition output the partition also reads itself (a U-Net's skip tensor), and such
a program fails at its first inference, here and on the E8. Exported with
--no-passes: ember's read-output-copies pass (python/ember/export/passes) keeps
such an output in the stream. A fixed Vela fails this test."""

import json

from ember import cli
from ember.export.kernel_check import unbound_delegates

# `a` leaves the first partition (the CPU's bilinear upsample splits the graph, the
# concatenation needs it) and is also read inside it (the max pool).
SKIP_MODEL = """
import torch
from torch import nn
class Skip(nn.Module):
    def __init__(self):
        super().__init__()
        self.first, self.second = nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 4, 3, padding=1)
    def forward(self, x):
        a = torch.relu(self.first(x))
        b = torch.relu(self.second(nn.functional.max_pool2d(a, 2, 2)))
        return torch.cat([nn.functional.interpolate(b, scale_factor=2, mode="bilinear"), a], 1)
def model():
    torch.manual_seed(0)
    return Skip().eval()
def example_inputs():
    return (torch.rand(1, 3, 8, 8),)
"""


def test_a_call_with_more_arguments_than_the_stream_lists_is_unbound():
    method = {"delegates": [{"backend": "EthosUBackend", "stream_inputs": 1, "stream_outputs": 1},
                            {"backend": "EthosUBackend", "stream_inputs": 2, "stream_outputs": 1}],
              "delegate_call_arguments": [(0, 3), (1, 3)]}
    assert unbound_delegates(method) == [{"delegate": 0, "arguments": 3, "stream_inputs": 1, "stream_outputs": 1}]


def test_export_stops_on_a_partition_output_vela_dropped(tmp_path, capsys):
    model_file = tmp_path / "model.py"
    model_file.write_text(SKIP_MODEL)
    args = ["export", str(model_file), "-o", str(tmp_path / "m.pte"), "--target", "e8-he", "--no-passes"]
    code = cli.main([*args, "--report", str(tmp_path / "r.json")])
    err = capsys.readouterr().err
    assert code == 2
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: Vela's command stream for NPU partition 0") and "--allow-missing" in last, err
    (unbound,) = json.loads((tmp_path / "r.json").read_text())["operators"]["unbound_delegates"]
    assert unbound["arguments"] > unbound["stream_inputs"] + unbound["stream_outputs"]
    assert cli.main([*args, "--allow-missing"]) == 0

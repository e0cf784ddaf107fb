"""read-output-copies: a partition output the partition also reads (a U-Net's skip
tensor) stays in Vela's stream, so the delegate's call binds, and the simulated
NPU's outputs, every one, equal the TOSA reference's of upstream's graph."""

import subprocess

import numpy as np
import torch
from torch import nn

from ember.host_tool import tool_path
from ember.verify.tosa_reference import reference_outputs

from .test_passes import _export, _seeded


class SkipOutput(nn.Module):
    """`a` is an output and the max pool's input."""

    def __init__(self):
        super().__init__()
        self.first, self.second = nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        a = torch.relu(self.first(x))
        return a, torch.relu(self.second(nn.functional.max_pool2d(a, 2, 2)))


def test_an_output_read_inside_stays_an_output_bit_exact(tmp_path):
    shape = (1, 3, 8, 8)
    upstream, (tosa_up,) = _export(_seeded(SkipOutput), [], tmp_path / "up", shape)
    (dropped,) = upstream.report["operators"]["unbound_delegates"]  # Vela 5.1 drops `a` without the pass
    assert dropped["stream_outputs"] == 1
    ours, (tosa,) = _export(_seeded(SkipOutput), ["read-output-copies"], tmp_path / "ours", shape)
    assert ours.report["passes"]["fired"] == {"read-output-copies": 1}
    assert ours.report["operators"]["unbound_delegates"] == []
    pte = tmp_path / "model.pte"
    pte.write_bytes(ours.pte)
    rng = np.random.default_rng(2)
    for i in range(3):
        x = rng.integers(-128, 128, size=shape, dtype=np.int8)
        (tmp_path / "x.bin").write_bytes(x.tobytes())
        raw = tmp_path / f"raw{i}"
        raw.mkdir()
        run = subprocess.run([str(tool_path()), "run", str(pte), "--input", str(tmp_path / "x.bin"),
                              "--raw-io", str(raw)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        expected = reference_outputs(tosa_up, x, tmp_path / f"up{i}")
        assert [e.shape for e in expected] == [(1, 4, 8, 8), (1, 4, 4, 4)]
        rewritten = reference_outputs(tosa, x, tmp_path / f"ours{i}")
        for k, reference in enumerate(expected):
            np.testing.assert_array_equal(rewritten[k], reference)
            got = np.frombuffer((raw / f"output{k}.bin").read_bytes(), dtype=np.int8).reshape(reference.shape)
            np.testing.assert_array_equal(got, reference)

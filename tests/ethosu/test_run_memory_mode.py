"""`ember run` charges the memories the program was compiled for: the export
records the memory mode and each memory's figures as constant methods
(python/ember/export/npu_memory.py), the host's cycle model reads them. A fully
connected layer on the U55-256 in Shared_Sram reads its weights from MRAM at
1.25 B/cycle: Vela's estimate, which ember's matched only at 0.17x while every
region was taken for SRAM."""

import re
import subprocess
from pathlib import Path

import pytest
import torch

from ember.difftest.runner import memory_constants, with_payload
from ember.export import export_model
from ember.export.targets import get_target

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upstream-pte" / "mnist_ethosu_u55_128_a.pte"
CYCLES = re.compile(r"NPU \(simulated[^\n]*?([0-9]+) cycles estimated")


@pytest.fixture(scope="module")
def fully_connected_shared_sram():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    return export_model(model.eval(), (torch.rand(1, 1, 28, 28),), "e8-hp", io="int8", memory_mode="Shared_Sram")


def run(tool, pte: Path):
    return subprocess.run([tool, "run", str(pte)], capture_output=True, text=True)


def test_shared_sram_weights_are_charged_at_mram_speed(ember_tool, tmp_path, fully_connected_shared_sram):
    result = fully_connected_shared_sram
    pte = tmp_path / "fc.pte"
    pte.write_bytes(result.pte)
    shared = run(ember_tool, pte)
    assert shared.returncode == 0, shared.stderr
    assert "NPU memory: Shared_Sram as exported: weights at 1.25 B/cycle" in shared.stdout
    cycles, vela = int(CYCLES.search(shared.stdout).group(1)), result.report["estimate"]["total_cycles"]
    print(f"e8-hp Shared_Sram fully connected: ember {cycles}, Vela {vela}")
    assert abs(cycles / vela - 1) <= 0.02

    # The same program stamped as Sram_Only: the weights come at SRAM speed.
    sram = tmp_path / "fc_sram.pte"
    sram.write_bytes(with_payload(result.pte, _payload(result.pte), memory_constants(get_target("e8-hp"), "Sram_Only")))
    sram_only = run(ember_tool, sram)
    assert "NPU memory: Sram_Only as exported" in sram_only.stdout
    assert int(CYCLES.search(sram_only.stdout).group(1)) < cycles / 3


def test_a_bad_memory_mode_is_one_named_error(ember_tool, tmp_path, fully_connected_shared_sram):
    pte = tmp_path / "bad.pte"
    pte.write_bytes(with_payload(fully_connected_shared_sram.pte, _payload(fully_connected_shared_sram.pte),
                                 {"ethosu_memory_mode": 7}))
    bad = run(ember_tool, pte)
    assert bad.returncode != 0
    errors = [line for line in bad.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "ethosu_memory_mode" in errors[0], bad.stderr


def test_a_program_without_the_record_gets_the_stated_default(ember_tool):
    upstream = run(ember_tool, FIXTURE)
    assert upstream.returncode == 0, upstream.stderr
    assert "NPU memory: not recorded in the program (upstream's flow): every region in SRAM assumed (Sram_Only)" \
        in upstream.stdout


def _payload(pte: bytes) -> bytes:
    from executorch.exir._serialize._program import deserialize_pte_binary

    (delegate,) = deserialize_pte_binary(pte).program.backend_delegate_data
    return bytes(delegate.data)

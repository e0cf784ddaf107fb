"""`ember run --etdump`: upstream's Inspector reads ember's ETDump of the MNIST
program (upstream's own MNIST fixture): one timed event per CPU kernel call, one
for the delegate call, and one per NPU operation, whose durations add up to the
cycle estimate `ember run` prints."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
MNIST = REPO / "tests" / "fixtures" / "upstream-pte" / "mnist_ethosu_u55_128_a.pte"


def test_inspector_reads_the_etdump(tmp_path):
    etdump = tmp_path / "mnist.etdp"
    done = subprocess.run([sys.executable, "-m", "ember.cli", "run", str(MNIST), "--etdump", str(etdump)],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    found = re.search(r"(\d+) operations, \d+ MACs, (\d+) cycles estimated", done.stdout)
    operations, cycles = int(found.group(1)), int(found.group(2))

    from executorch.devtools import Inspector

    (block,) = Inspector(etdump_path=str(etdump)).event_blocks
    names = [e.name for e in block.events]
    assert names[:2] == ["cortex_m::quantize_per_tensor.out", "EthosUBackend"]
    assert names[-1] == "cortex_m::dequantize_per_tensor.out"
    npu = [e for e in block.events if e.is_delegated_op]
    assert len(npu) == operations and npu[0].name.startswith("#0 ") and any(" CONV" in e.name for e in npu)
    durations_ms = [e.perf_data.raw[0] for e in npu]
    assert all(d >= 0 for d in durations_ms) and sum(d > 0 for d in durations_ms) > operations // 2
    assert abs(sum(durations_ms) - cycles / 160e3) < 1e-3 * operations  # ns rounding per operation
    assert all(e.perf_data.raw[0] > 0 for e in block.events if not e.is_delegated_op)


@pytest.mark.usefixtures("qemu_system")
def test_inspector_reads_the_firmwares_etdump(tmp_path):
    """The runner firmware in QEMU prints the same events on its console (CPU
    calls timed with QEMU's SysTick counter), which `ember run --board
    qemu-an547 --etdump` writes as an ETDump: the same events, in the same order,
    as the host's, and the same NPU operation times (the same cycle model)."""
    from executorch.devtools import Inspector

    host, firmware = tmp_path / "host.etdp", tmp_path / "firmware.etdp"
    done = subprocess.run([sys.executable, "-m", "ember.cli", "run", str(MNIST), "--etdump", str(host)],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "ember.cli", "run", str(MNIST), "--board", "qemu-an547", "--cases", "1",
                           "-o", str(tmp_path / "out"), "--etdump", str(firmware)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "etdump end events=" in done.stdout and " dropped=0" in done.stdout

    (on_host,) = Inspector(etdump_path=str(host)).event_blocks
    (on_board,) = Inspector(etdump_path=str(firmware)).event_blocks
    assert [e.name for e in on_board.events] == [e.name for e in on_host.events]
    npu_host = [e.perf_data.raw[0] for e in on_host.events if e.is_delegated_op]
    npu_board = [e.perf_data.raw[0] for e in on_board.events if e.is_delegated_op]
    assert len(npu_board) > 3 and npu_board == pytest.approx(npu_host, abs=2e-6)  # ms; ns rounding
    calls = [e.perf_data.raw[0] for e in on_board.events if not e.is_delegated_op]
    assert all(d >= 0 for d in calls) and sum(calls) > 0

"""`ember run --etdump`: upstream's Inspector reads ember's ETDump of the MNIST
program (upstream's own MNIST fixture): one timed event per CPU kernel call, one
for the delegate call, and one per NPU operation, whose durations add up to the
cycle estimate `ember run` prints."""

import re
import subprocess
import sys
from pathlib import Path

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

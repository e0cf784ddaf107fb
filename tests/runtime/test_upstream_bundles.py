"""BundledPrograms written by upstream's own Ethos-U flow (`aot_arm_compiler
--bundleio`, tests/fixtures/upstream-bpte/README.md): ember runs each on its
simulated U55 or U85 and meets the expected outputs upstream bundled: bit for bit,
except resnet8, whose bundled outputs (upstream's PyTorch run) are one int8 step
from the NPU's integer result; and the firmware in QEMU equals the host (the
U55's keyword spotter, and the U85's LSTM with its chained operations)."""

import subprocess
import sys
from pathlib import Path

import pytest

BUNDLES = Path(__file__).resolve().parents[1] / "fixtures" / "upstream-bpte"
ONE_STEP_OFF = {"resnet8-ethos-u55-128.bpte": 0.000848377, "resnet8-ethos-u85-256.bpte": 0.000656679}
ROW = "bundle's expected outputs vs host"


def verify(*args):
    done = subprocess.run([sys.executable, "-m", "ember.cli", "verify", *map(str, args)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return {line[:35].strip(): line[35:].split() for line in done.stdout.splitlines() if "vs host" in line}


@pytest.mark.parametrize("name", sorted(p.name for p in BUNDLES.glob("*.bpte")))
def test_upstream_bundle_runs_as_upstream_expects(name):
    cases, exact, largest, top1 = verify(BUNDLES / name, "--no-qemu")[ROW]
    assert top1 == f"{cases}/{cases}"
    if name in ONE_STEP_OFF:  # one output step (the output's dequantization scale), not more
        assert exact == f"0/{cases}" and float(largest) == pytest.approx(ONE_STEP_OFF[name], rel=1e-4)
    else:
        assert exact == f"{cases}/{cases}" and float(largest) == 0


@pytest.mark.usefixtures("qemu_system")
def test_upstream_keyword_spotter_in_the_firmware_equals_the_host():
    rows = verify(BUNDLES / "ds_cnn-ethos-u55-128.bpte")
    assert rows["QEMU firmware (M55) vs host"][:2] == ["1", "1/1"]
    assert rows[ROW][:2] == ["1", "1/1"]


@pytest.mark.usefixtures("qemu_system")
def test_upstream_u85_lstm_with_chained_operations_in_the_firmware_equals_the_host():
    """Upstream's U85 LSTM chains operations (960 bytes of chained results at most):
    the simulated U85 in the QEMU image keeps them in a pool of that size."""
    rows = verify(BUNDLES / "lstm-ethos-u85-256.bpte")
    assert rows["QEMU firmware (M55) vs host"][:2] == ["1", "1/1"]
    assert rows[ROW][:2] == ["1", "1/1"]

"""The runner firmware in QEMU mps3-an547 (Cortex-M55, simulated NPU): upstream's
fixtures and an MNIST export run bit-identical to the host (the runner compares
every output byte with the host run's), and bad models or faults (a U85 chained
result too big for its pool among them) end with a named error and a non-zero
status instead of a hang."""

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from ember.firmware import build, plan, qemu

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "upstream-pte"

pytestmark = pytest.mark.usefixtures("qemu_system")


# The E8 image's stack (its DTCM reservation): the kernels an image runs in QEMU run there too.
E8_STACK_BYTES = json.loads((REPO / "src" / "platform" / "alif-e8-he" / "board.json").read_text())["reserved"]["dtcm_stack"]


def build_and_run(pte, tmp_path, **kwargs):
    image = build.build(Path(pte), "qemu-an547", tmp_path, log=lambda m: None, **kwargs)
    result = qemu.run(image.elf, timeout=120)
    if "cases passed" in result.output:  # ran to its summary: it says how deep its stack went
        peak = re.search(r"stack: peak (\d+) of (\d+) bytes", result.output)
        assert peak, result.output
        assert 0 < int(peak.group(1)) <= E8_STACK_BYTES, peak.group(0)
    return image, result


@pytest.mark.parametrize("name", ["mnist_ethosu_u55_128_a.pte", "mnist_ethosu_u55_128_b.pte"])
def test_upstream_fixture_runs_to_stop_bit_identical(name, tmp_path):
    image, result = build_and_run(FIXTURES / name, tmp_path)
    assert result.status == 0, result.output
    assert "3 of 3 cases passed" in result.output
    assert result.output.count("PASS") == 3
    assert "npu 0 " not in result.output  # the simulated NPU ran its stream to STOP and counted cycles


@pytest.fixture(scope="module")
def mnist_pte(tmp_path_factory):
    sys.path.insert(0, str(REPO / "examples" / "mnist"))
    import torch
    from model import MnistNet
    from ember.export.api import export_model

    torch.manual_seed(0)
    example = (torch.rand(1, 1, 28, 28),)
    calibration = [(torch.rand(1, 1, 28, 28),) for _ in range(4)]
    result = export_model(MnistNet(), example, "e8-he", calibration=calibration, io="int8")
    path = tmp_path_factory.mktemp("mnist") / "mnist_e8-he.pte"
    path.write_bytes(result.pte)
    return path


def test_mnist_firmware_matches_host_on_test_images(mnist_pte, tmp_path):
    images = tmp_path / "images.npy"
    np.save(images, np.random.default_rng(1).random((4, 1, 28, 28), dtype=np.float32))
    image, result = build_and_run(mnist_pte, tmp_path, inputs=[images], case_count=4)
    assert image.case_count == 4
    assert result.status == 0, result.output
    assert "4 of 4 cases passed" in result.output


def test_wrong_expected_output_is_a_failure(tmp_path):
    """The comparison can fail: a case whose expected bytes are altered fails
    and the exit status counts it."""
    image = build.build(FIXTURES / "mnist_ethosu_u55_128_a.pte", "qemu-an547", tmp_path, log=lambda m: None)
    cases_bin = next(tmp_path.glob("*.gen/cases.bin"))
    data = bytearray(cases_bin.read_bytes())
    data[-20] ^= 0x01  # inside the last case's expected output
    cases_bin.write_bytes(bytes(data))
    gen = cases_bin.parent
    elf = build.compile_runner(image.board, FIXTURES / "mnist_ethosu_u55_128_a.pte", cases_bin, gen)
    result = qemu.run(elf, timeout=120)
    assert result.status == 1, result.output
    assert "output 0 differs from the host run" in result.output
    assert "2 of 3 cases passed" in result.output


def test_corrupt_command_stream_gives_named_npu_fault(tmp_path):
    data = bytearray((FIXTURES / "mnist_ethosu_u55_128_a.pte").read_bytes())
    stream = data.find(b"cmd_data") + 32  # block name (16) + size (16), then COP1
    assert data[stream:stream + 4] == b"COP1"
    pool = data.find(bytes.fromhex("05000100"), stream)  # the first NPU_OP_POOL command word
    assert pool > stream and (pool - stream) % 4 == 0
    data[pool:pool + 4] = bytes.fromhex("0f000100")  # operation 0x0f: no such command
    bad = tmp_path / "bad_stream.pte"
    bad.write_bytes(bytes(data))
    # The host cannot run it either, so the cases come from the intact fixture.
    good_cases = build.collect_cases(FIXTURES / "mnist_ethosu_u55_128_a.pte", [], 2, tmp_path)
    from ember.firmware import cases
    gen = tmp_path / "gen"
    gen.mkdir()
    (gen / "cases.bin").write_bytes(cases.encode(good_cases))
    needs = build.measure_needs(FIXTURES / "mnist_ethosu_u55_128_a.pte", False)
    board = build.boards.load("qemu-an547")
    (gen / "ember_plan.h").write_text(plan.header(plan.make(needs, board), bad.name))
    elf = build.compile_runner(board, bad, gen / "cases.bin", gen)
    result = qemu.run(elf, timeout=120)
    assert result.status == 2, result.output  # both cases fail, none hangs
    assert "NpuFault" in result.output
    assert "0 of 2 cases passed" in result.output


def test_u85_chain_larger_than_its_pool_gives_named_npu_fault(tmp_path):
    """Upstream's U85 LSTM chains operations (up to 960 bytes of results, which
    `ember build` gives its chain pool); built with 16 bytes instead, each case
    ends in the simulator's named fault and the next case still runs."""
    from ember.firmware import boards, cases
    program = build.open_program(REPO / "tests" / "fixtures" / "upstream-bpte" / "lstm-ethos-u85-256.bpte", tmp_path)
    gen = tmp_path / "gen"
    gen.mkdir()
    (gen / "cases.bin").write_bytes(cases.encode(build.collect_cases(program.pte, [], 2, tmp_path)))
    needs = build.measure_needs(program.pte, False)
    assert needs.npu_chain == 960
    needs.npu_chain = 16
    board = boards.with_npu(boards.load("qemu-an547"), "npu_u85")
    (gen / "ember_plan.h").write_text(plan.header(plan.make(needs, board), program.pte.name))
    result = qemu.run(build.compile_runner(board, program.pte, gen / "cases.bin", gen), timeout=120)
    assert result.status == 2, result.output  # both cases fail, no CPU fault (134), no hang
    assert "simulator scratch too small (decoded weights or a chained result)" in result.output
    assert "0 of 2 cases passed" in result.output


def test_model_too_big_fails_at_build_time_with_region_table():
    board = build.boards.load("qemu-an547")
    needs = plan.Needs(model_bytes=1000, method_allocator=2000, temp=40 * 1024 * 1024, planned=[3000])
    with pytest.raises(plan.PlanError) as error:
        plan.make(needs, board)
    text = str(error.value)
    assert "does not fit qemu-an547" in text and "temp (41943040 bytes)" in text
    for region in ("dtcm", "sram0", "sram1"):
        assert region in text


def test_bad_pointer_ends_in_named_hardfault_and_status_134():
    import subprocess
    tree = REPO / "build" / "qemu-an547"
    if not (tree / "CMakeCache.txt").exists():
        subprocess.run(["cmake", "-S", str(REPO), "-B", str(tree), "-G", "Ninja",
                        f"-DCMAKE_TOOLCHAIN_FILE={REPO / 'cmake' / 'arm-none-eabi.cmake'}", "-DEMBER_PLATFORM=qemu-an547"],
                       check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(tree), "--target", "qemu_fault_test"], check=True, capture_output=True)
    result = qemu.run(tree / "src" / "platform" / "qemu-an547" / "qemu_fault_test", timeout=60)
    assert result.status == 134, result.output
    assert "HardFault: precise data bus error" in result.output
    assert "BFAR=0xe0200000" in result.output


def test_cpu_only_mnist_runs_in_the_firmware_bit_identical(tmp_path):
    """e8-he-cpu: upstream's Cortex-M flow, every operator a cortex_m:: kernel of
    ember's on the M55 (the Helium paths in QEMU), no NPU."""
    sys.path.insert(0, str(REPO / "examples" / "mnist"))
    import torch
    from model import MnistNet
    from ember.export.api import export_model

    torch.manual_seed(0)
    result = export_model(MnistNet(), (torch.rand(1, 1, 28, 28),), "e8-he-cpu",
                          calibration=[(torch.rand(1, 1, 28, 28),) for _ in range(4)])
    pte = tmp_path / "mnist_cpu.pte"
    pte.write_bytes(result.pte)
    image, result = build_and_run(pte, tmp_path)
    assert result.status == 0, result.output
    assert "3 of 3 cases passed" in result.output
    assert "npu 0 " in result.output  # nothing ran on the NPU


def test_partially_delegated_model_runs_in_the_firmware(tmp_path):
    """An average pool with stride 4 (the U55 partitioner declines strides above
    3) runs on the M55 as dequantize -> aten::avg_pool2d -> quantize between two
    NPU partitions: end to end in QEMU, bit-identical to the host."""
    import subprocess
    import torch
    from torch import nn
    from ember import host_tool
    from ember.export.api import export_model

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 8, 3, padding=1)
            self.pool = nn.AvgPool2d(4, 4)
            self.fc = nn.Linear(8 * 4 * 4, 10)

        def forward(self, x):
            return self.fc(torch.flatten(self.pool(torch.relu(self.conv(x))), 1))

    torch.manual_seed(0)
    result = export_model(Net(), (torch.rand(1, 1, 16, 16),), "e8-he",
                          calibration=[(torch.rand(1, 1, 16, 16),) for _ in range(4)], io="int8")
    pte = tmp_path / "partial.pte"
    pte.write_bytes(result.pte)
    listing = subprocess.run([str(host_tool.tool_path()), "inspect", str(pte)], capture_output=True, text=True).stdout
    assert "aten::avg_pool2d.out" in listing and listing.count("delegate  EthosUBackend") == 2
    image, run = build_and_run(pte, tmp_path)
    assert run.status == 0, run.output
    assert "3 of 3 cases passed" in run.output
    # The NPU's cycles of an inference are those of both delegate runs, on the host and in the firmware.
    host = subprocess.run([str(host_tool.tool_path()), "run", str(pte), "--profile"], capture_output=True, text=True)
    total = re.search(r"(\d+) operations, \d+ MACs, (\d+) cycles estimated .*, the sum of 2 delegate runs", host.stdout)
    assert total, host.stdout
    rows = re.findall(r"^\s*\d+\s+[A-Z]+(?: [a-z]+)?\s+\S+\s+\d+\s+(\d+)\s", host.stdout, re.M)
    assert len(rows) == int(total.group(1)) and sum(map(int, rows)) == int(total.group(2))
    assert re.findall(r"; npu (\d+) ", run.output) == [total.group(2)] * 3, run.output


@pytest.mark.parametrize("content", [None, b"not a program"])
def test_build_of_a_missing_or_bad_program_is_one_error_line(tmp_path, content):
    import subprocess
    path = tmp_path / "model.pte"
    if content is not None:
        path.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "ember.cli", "build", str(path), "--board", "qemu-an547",
                           "-o", str(tmp_path / "out")], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "error:" in done.stderr and ("no such file" in done.stderr or "not a program ember can read" in done.stderr)

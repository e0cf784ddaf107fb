"""The runner images for the Alif E8 boards (`ember build --board alif-e8-he|hp`):
an MNIST export per core builds, its ELF follows the board's layout rules
(elf_layout: vector table first and 2048-aligned, model 16-aligned, nothing
initialised or zeroed in SRAM0/SRAM1, data and stack in DTCM), the pools sit
where the plan put them, no byte the NPU reads (scratch, model copy) lies where
the board's npu.reaches settings say the NPU cannot get (SRAM0 on the E8), every
pool at the address plan.pool_addresses gives (the one `ember report` shows), and
the ATOC JSON names the image's own address and core. A program for the other
core's NPU is refused. A program for the E8's Ethos-U85 builds for the HP core
with board.json's npu_u85 facts, and is refused for the HE core."""

import json
import struct
import sys
from pathlib import Path

import pytest

from ember.firmware import boards, build, elf_layout, plan

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("cross_compiler")


def mnist(target: str, path: Path) -> Path:
    import torch
    sys.path.insert(0, str(REPO / "examples" / "mnist"))
    from model import MnistNet
    from ember.export.api import export_model

    torch.manual_seed(0)
    result = export_model(MnistNet(), (torch.rand(1, 1, 28, 28),), target,
                          calibration=[(torch.rand(1, 1, 28, 28),) for _ in range(4)], io="int8")
    path.write_bytes(result.pte)
    return path


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    work = tmp_path_factory.mktemp("e8")
    return {"alif-e8-he": mnist("e8-he", work / "mnist_he.pte"), "alif-e8-hp": mnist("e8-hp", work / "mnist_hp.pte")}


@pytest.mark.parametrize("board_name", ["alif-e8-he", "alif-e8-hp"])
@pytest.mark.parametrize("model_in", ["mram", "sram"])
def test_runner_image_layout_and_deploy_files(programs, tmp_path, board_name, model_in):
    image = build.build(programs[board_name], board_name, tmp_path, model_in=model_in, log=lambda m: None)
    board = boards.load(board_name)
    assert elf_layout.violations(image.elf, board) == []
    elf = elf_layout.read_elf(image.elf)
    mram = board["regions"]["mram"]["origin"]
    vectors = elf.sections[".vectors"].address
    assert vectors == mram and vectors % 2048 == 0
    assert vectors == min(s.address for s in elf.sections.values() if s.allocated and s.size and s.address >= mram)
    model = elf.sections[".ember_model"]
    assert model.address % 16 == 0 and mram <= model.address < mram + board["regions"]["mram"]["length"]
    assert image.bin.read_bytes()[:4] != b"\0\0\0\0"  # the initial stack pointer leads the image
    for pool in image.plan.pools:
        region = board["regions"][pool.region]
        section = elf.sections[f".ember_pool_{pool.region}"]
        assert region["origin"] <= section.address and section.address + section.size <= region["origin"] + region["length"]
    assert any(p.name == "model copy" for p in image.plan.pools) == (model_in == "sram")
    # Every pool at the address the plan gives it (what `ember report` shows).
    addresses = plan.pool_addresses(image.plan)
    assert {p.name: elf_layout.find_symbol(elf, p.symbol) for p in image.plan.pools} == addresses
    # Who reads each pool against the board's reach settings, on the linked image.
    npu_pools = [p for p in image.plan.pools if p.npu_reads]
    assert {p.name for p in npu_pools} == ({"temp", "model copy"} if model_in == "sram" else {"temp"})
    assert plan.reach_violations(image.plan) == []
    assert elf_layout.npu_reach_violations(image.elf, board, [p.symbol for p in npu_pools]) == []
    sram0 = board["regions"]["sram0"]
    for p in npu_pools:
        address = elf_layout.find_symbol(elf, p.symbol)
        assert board["npu"]["reaches"][p.region] and not sram0["origin"] <= address < sram0["origin"] + sram0["length"]
    # A board image knows the NPU through the driver only: no simulator, and no
    # per-operation records (12 KB of DTCM that only a simulated NPU fills).
    assert not [name for name in elf.symbols if "Simulat" in name or "OpRecord" in name]
    assert elf.sections[".bss"].size < 12 * 1024
    # The same check fails on a board whose NPU reached nothing the plan used.
    blind = {**board, "npu": {**board["npu"], "reaches": {}}}
    assert len(elf_layout.npu_reach_violations(image.elf, blind, [p.symbol for p in npu_pools])) == len(npu_pools)
    atoc_file, jlink_file = image.extra
    atoc = json.loads(atoc_file.read_text())
    (entry,) = [v for k, v in atoc.items() if k != "DEVICE"]
    assert int(entry["mramAddress"], 16) == vectors
    assert entry["cpu_id"] == board["core"] and entry["binary"] == image.bin.name
    assert f"loadbin {image.bin}, 0x{vectors:08x}".lower() in jlink_file.read_text().lower()


def test_program_for_the_other_npu_is_refused(programs, tmp_path):
    with pytest.raises(build.BuildError, match="Ethos-U55-128.*Ethos-U55-256"):
        build.build(programs["alif-e8-he"], "alif-e8-hp", tmp_path, log=lambda m: None)


def test_e7_silicon_image_uses_the_e7_memory_map(programs, tmp_path):
    image = build.build(programs["alif-e8-he"], "alif-e8-he", tmp_path, model_in="sram", silicon="e7",
                        log=lambda m: None)
    board = boards.load("alif-e8-he", "e7")
    assert image.plan.capacity["sram1"] == board["regions"]["sram1"]["length"] == 2560 * 1024
    assert elf_layout.violations(image.elf, board) == []
    elf = elf_layout.read_elf(image.elf)
    assert elf_layout.find_symbol(elf, "g_pool_model") == 0x08000000  # E7's SRAM1, which the NPU reaches
    assert "device AE722F80F55D5AS_M55_HE" in image.extra[1].read_text()


U85_BUNDLE = REPO / "tests" / "fixtures" / "upstream-bpte" / "ds_cnn-ethos-u85-256.bpte"


def test_u85_program_drives_the_u85_board_json_names(tmp_path):
    """Upstream's own DS-CNN compiled for ethos-u85-256 (a fixture bundle) in an
    HP image: the plan drives the U85, the image's board facts hold board.json's
    npu_u85 (base, MACs, clock, IRQ), the U85's interrupt vector and the U55's
    both reach the NPU handler, the boot log names the U85 and its clock gate,
    and no simulator is linked."""
    image = build.build(U85_BUNDLE, "alif-e8-hp", tmp_path, log=lambda m: None)
    u85 = boards.load("alif-e8-hp")["npu_u85"]
    assert image.board["npu"]["product"] == "Ethos-U85" and image.board["npu"]["base"] == u85["base"] == 0x49042000
    header = (tmp_path / "ds_cnn-ethos-u85-256_alif-e8-hp.gen" / "ember_plan.h").read_text()
    assert "#define EMBER_PLAN_NPU_U85 1" in header and "#define EMBER_PLAN_SIMULATED_NPU 0" in header
    elf = elf_layout.read_elf(image.elf)
    # BoardFacts: name, cpu clock, then NpuFacts {present, base, macs, clock, irq, u85} for the U55 and the U85.
    facts = elf_layout.bytes_at(image.elf, elf, elf.symbols["_ZZN5ember8platform11board_factsEvE6kFacts"], 56)
    present, base, macs, clock, irq, is_u85 = struct.unpack_from("<B3xIIIIB3x", facts, 32)
    assert (present, base, macs, clock, irq, is_u85) == (1, u85["base"], u85["macs"], u85["clock_hz"], u85["irq"], 1)
    vectors = elf.sections[".vectors"]
    handler = elf.symbols["Npu_IRQHandler"] | 1  # Thumb
    for line in (u85["irq"], boards.load("alif-e8-hp")["npu"]["irq"]):
        (entry,) = struct.unpack_from("<I", elf_layout.bytes_at(image.elf, elf, vectors.address + 4 * (16 + line), 4))
        assert entry == handler, f"IRQ {line}"
    rodata = image.elf.read_bytes()
    assert b"npu Ethos-U85-%u at 0x%08x, IRQ %u, %u Hz, clock gate: Secure Enclave clock %u" in rodata
    assert not [name for name in elf.symbols if "Simulat" in name]
    assert elf_layout.violations(image.elf, image.board) == []
    with pytest.raises(build.BuildError, match="Ethos-U85, which alif-e8-he's core does not drive"):
        build.build(U85_BUNDLE, "alif-e8-he", tmp_path / "he", log=lambda m: None)

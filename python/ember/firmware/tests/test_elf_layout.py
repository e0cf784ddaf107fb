import struct

import pytest

from ember.firmware.elf_layout import SHF_WRITE, bytes_at, read_elf, violations


def _section_header_offset(data: bytes, name: str) -> int:
    shoff, = struct.unpack_from("<I", data, 32)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 46)
    names = struct.unpack_from("<I", data, shoff + shstrndx * shentsize + 16)[0]
    for i in range(shnum):
        header = shoff + i * shentsize
        start = names + struct.unpack_from("<I", data, header)[0]
        if data[start:data.index(b"\0", start)].decode() == name:
            return header
    raise KeyError(name)


def _patched(firmware, tmp_path, name: str, field_offset: int, change) -> str:
    """A copy of the ELF with one 32-bit field of a section header changed."""
    data = bytearray(firmware.elf.read_bytes())
    at = _section_header_offset(data, name) + field_offset
    value, = struct.unpack_from("<I", data, at)
    struct.pack_into("<I", data, at, change(value))
    path = tmp_path / "patched.elf"
    path.write_bytes(data)
    return str(path)


SH_FLAGS, SH_ADDR = 8, 12


@pytest.mark.parametrize("variant", ["he", "hp", "he-e7-rtt"])
def test_bringup_firmware_follows_the_layout(e8_firmware, variant):
    firmware = e8_firmware(variant)
    assert violations(firmware.elf, firmware.board) == []


@pytest.mark.parametrize("variant", ["he", "hp"])
def test_every_runner_section_is_in_the_image(e8_firmware, variant):
    # The check above is only meaningful if the firmware fills each section.
    firmware = e8_firmware(variant)
    elf = read_elf(firmware.elf)
    for name in (".vectors", ".ember_model", ".ember_cases", ".data", ".bss", ".stack",
                 ".ember_pool_dtcm", ".ember_pool_sram0", ".ember_pool_sram1"):
        assert elf.sections[name].size > 0, name
    mram = firmware.board["regions"]["mram"]["origin"]
    assert elf.sections[".vectors"].address == mram
    assert elf.symbols["__ember_pool_sram1_start"] == firmware.board["regions"]["sram1"]["origin"]


def test_e7_variant_moves_sram1(e8_firmware):
    firmware = e8_firmware("he-e7-rtt")
    assert firmware.board["regions"]["sram1"] == firmware.source_board["variants"]["e7"]["regions"]["sram1"]
    assert read_elf(firmware.elf).sections[".ember_pool_sram1"].address == 0x08000000
    # Checked against the E8 map, the E7 image's SRAM1 pool is outside SRAM1.
    assert any(".ember_pool_sram1" in v for v in violations(firmware.elf, firmware.source_board))


def test_the_other_cores_board_is_reported(e8_firmware):
    he, hp = e8_firmware("he"), e8_firmware("hp")
    found = violations(he.elf, hp.board)
    assert ".vectors at 0x80000000, not at the MRAM image start 0x80200000" in found
    assert any(v.startswith("stack top 0x20040000") for v in found)


def test_writable_model_is_reported(e8_firmware, tmp_path):
    elf = _patched(e8_firmware("he"), tmp_path, ".ember_model", SH_FLAGS, lambda f: f | SHF_WRITE)
    assert violations(elf, e8_firmware("he").board) == [".ember_model is writable (it must be read-only data)"]


def test_data_in_sram0_is_reported(e8_firmware, tmp_path):
    firmware = e8_firmware("he")
    sram0 = firmware.board["regions"]["sram0"]["origin"]
    elf = _patched(firmware, tmp_path, ".data", SH_ADDR, lambda _: sram0 + 0x100000)
    found = violations(elf, firmware.board)
    assert any(v.startswith(".data is placed at") and "not in DTCM" in v for v in found)
    assert ".data is initialised or zeroed in SRAM0, which is unpowered at reset" in found


def test_misplaced_vector_table_is_reported(e8_firmware, tmp_path):
    firmware = e8_firmware("hp")
    elf = _patched(firmware, tmp_path, ".vectors", SH_ADDR, lambda a: a + 0x400)
    found = violations(elf, firmware.board)
    assert ".vectors at 0x80200400 is not 2048-byte aligned" in found
    assert ".vectors at 0x80200400, not at the MRAM image start 0x80200000" in found


def test_pool_with_contents_is_reported(e8_firmware, tmp_path):
    firmware = e8_firmware("he")
    SH_TYPE, SHT_PROGBITS = 4, 1
    elf = _patched(firmware, tmp_path, ".ember_pool_sram1", SH_TYPE, lambda _: SHT_PROGBITS)
    found = violations(elf, firmware.board)
    assert ".ember_pool_sram1 has contents (it must be NOLOAD)" in found


@pytest.mark.parametrize("variant", ["he", "hp"])
def test_the_u85_facts_and_vector_come_from_board_json(e8_firmware, variant):
    """The HP bring-up image carries board.json's npu_u85 in its board facts
    (NpuFacts {present, base, macs, clock, irq, u85} after the U55's) and sends
    the U85's interrupt to the NPU handler; the HE core's image has no U85."""
    firmware = e8_firmware(variant)
    elf = read_elf(firmware.elf)
    facts = bytes_at(firmware.elf, elf, elf.symbols["_ZZN5ember8platform11board_factsEvE6kFacts"], 56)
    u85 = firmware.board.get("npu_u85")
    (entry,) = struct.unpack_from("<I", bytes_at(firmware.elf, elf, elf.sections[".vectors"].address + 4 * (16 + 366), 4))
    handler = elf.symbols["Npu_IRQHandler"] | 1  # Thumb
    if u85:
        assert struct.unpack_from("<B3xIIIIB3x", facts, 32) == (1, u85["base"], u85["macs"], u85["clock_hz"],
                                                                  u85["irq"], 1)
        assert u85["irq"] == 366 and entry == handler
    else:
        assert variant == "he" and facts[32] == 0 and entry != handler

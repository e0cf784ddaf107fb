"""The memory constants an Ethos-U export records (npu_memory.py), from Vela's
flags and ini, checked against the numbers e8.ini states."""

import pytest

from ember.export.errors import ExportError
from ember.export.npu_memory import memory_constants
from ember.export.targets import e8_vela_config


def flags(system: str, mode: str, ini: str | None = None) -> list[str]:
    return [f"--config={ini or e8_vela_config()}", f"--system-config={system}", f"--memory-mode={mode}"]


def test_shared_sram_puts_the_constants_in_mram_at_its_clock_scale():
    c = memory_constants(flags("Ethos_U55_Alif_E8_HE", "Shared_Sram"))
    assert c["ethosu_memory_mode"] == 1
    # e8.ini: OffChipFlash_clock_scale 0.390625 on an 8-byte U55 port; burst 128, latencies 64 / 0
    assert c["ethosu_const_bytes_per_cycle"] == 0.390625 * 8
    assert (c["ethosu_const_burst_bytes"], c["ethosu_const_read_latency"], c["ethosu_const_write_latency"]) == (128, 64, 0)
    assert c["ethosu_arena_bytes_per_cycle"] == 8.0
    assert (c["ethosu_arena_burst_bytes"], c["ethosu_arena_read_latency"], c["ethosu_arena_write_latency"]) == (32, 32, 32)
    hp = memory_constants(flags("Ethos_U55_Alif_E8_HP", "Shared_Sram"))
    assert hp["ethosu_const_bytes_per_cycle"] == 0.15625 * 8  # the same MRAM, a faster NPU clock


def test_sram_only_puts_both_areas_in_sram():
    c = memory_constants(flags("Ethos_U55_Alif_E8_HP", "Sram_Only"))
    assert c["ethosu_memory_mode"] == 0
    assert all(c[f"ethosu_const_{k}"] == c[f"ethosu_arena_{k}"]
               for k in ("bytes_per_cycle", "burst_bytes", "read_latency", "write_latency"))


def test_ports_are_16_bytes_wide_unless_the_system_config_is_named_ethos_u55(tmp_path):
    ini = tmp_path / "other.ini"
    ini.write_text("[System_Config.Board]\naxi0_port=Sram\naxi1_port=OffChipFlash\nSram_clock_scale=0.5\n"
                   "[Memory_Mode.Shared_Sram]\nconst_mem_area=Axi1\narena_mem_area=Axi0\ncache_mem_area=Axi0\n")
    c = memory_constants(flags("Board", "Shared_Sram", str(ini)))
    assert c["ethosu_arena_bytes_per_cycle"] == 0.5 * 16
    # absent keys take Vela's defaults: clock scale 1, burst 1, latency 0
    assert (c["ethosu_const_bytes_per_cycle"], c["ethosu_const_burst_bytes"], c["ethosu_const_read_latency"]) == (16, 1, 0)


def test_an_unknown_section_is_one_named_error():
    with pytest.raises(ExportError, match=r"no section \[System_Config.Nowhere\]"):
        memory_constants(flags("Nowhere", "Shared_Sram"))


def test_the_u85_program_records_its_ports_and_transactions_in_flight():
    c = memory_constants(flags("Alif_E8_HP_U85", "Shared_Sram"))
    # e8.ini [System_Config.Alif_E8_HP_U85]: SRAM on two 16-byte ports, 8 reads / 8 writes in flight;
    # MRAM one port, 2 reads, max_writes 0 (which Vela reads as 1)
    assert (c["ethosu_arena_bytes_per_cycle"], c["ethosu_arena_ports_used"]) == (32.0, 2)
    assert (c["ethosu_arena_max_reads"], c["ethosu_arena_max_writes"]) == (8, 8)
    assert (c["ethosu_const_ports_used"], c["ethosu_const_max_reads"], c["ethosu_const_max_writes"]) == (1, 2, 1)

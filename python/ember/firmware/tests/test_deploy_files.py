import json

import pytest

from ember.firmware.deploy_files import atoc_config, image_entry, jlink_script, write_deploy_files
from ember.firmware.elf_layout import read_elf


@pytest.mark.parametrize("variant, address, core, key",
                         [("he", "0x80000000", "M55_HE", "HE_APP"), ("hp", "0x80200000", "M55_HP", "HP_APP")])
def test_atoc_places_the_image_in_the_cores_mram_slot(e8_firmware, tmp_path, variant, address, core, key):
    firmware = e8_firmware(variant)
    paths = write_deploy_files(firmware.board, firmware.bin, tmp_path)
    config = json.loads(paths["atoc"].read_text())
    assert set(config) == {"DEVICE", key}
    assert config["DEVICE"]["binary"] == "app-device-config.json"
    assert config[key] == {"binary": "alif_e8_bringup.bin", "mramAddress": address, "version": "1.0.0", "cpu_id": core,
                           "flags": ["boot"], "signed": False}


def test_atoc_from_setools_stubs_replaces_only_the_cores_entry(e8_firmware):
    # The shape of SETOOLS' app-cpu-stubs.json: DEVICE, and a stub per core loaded into its ITCM.
    stubs = {
        "DEVICE": {"disabled": False, "binary": "app-device-config.json", "version": "0.5.00", "signed": True},
        "HP_APP": {"binary": "m55_stub_hp.bin", "version": "1.0.0", "signed": True, "cpu_id": "M55_HP",
                   "loadAddress": "0x50000000", "flags": ["load", "boot"]},
        "HE_APP": {"binary": "m55_stub_he.bin", "version": "1.0.0", "signed": True, "cpu_id": "M55_HE",
                   "loadAddress": "0x58000000", "flags": ["load", "boot"]},
    }
    original = json.loads(json.dumps(stubs))
    config = atoc_config(e8_firmware("he").board, "app.bin", stubs)
    assert config["HE_APP"] == {"binary": "app.bin", "version": "1.0.0", "signed": True, "cpu_id": "M55_HE",
                                "mramAddress": "0x80000000", "flags": ["boot"]}
    assert config["HP_APP"] == stubs["HP_APP"] and config["DEVICE"] == stubs["DEVICE"]
    assert stubs == original  # the caller's stubs are left as they were


@pytest.mark.parametrize("variant", ["he", "hp"])
def test_jlink_script_loads_and_starts_the_image(e8_firmware, variant):
    firmware = e8_firmware(variant)
    symbols = read_elf(firmware.elf).symbols
    lines = jlink_script(firmware.board, firmware.bin).splitlines()
    mram = firmware.board["regions"]["mram"]["origin"]
    assert lines[0] == f"device {firmware.board['jlink_device']}"
    assert lines[1:4] == ["si SWD", "speed 4000", "connect"]
    assert lines[4] == f"loadbin {firmware.bin.resolve()}, 0x{mram:08X}"
    assert lines[5] == "r"
    assert lines[6] == f"wreg MSP, 0x{symbols['__stack_top__']:08X}"
    assert lines[7] == f"setpc 0x{symbols['Reset_Handler'] & ~1:08X}"
    assert lines[8:] == ["g", "qc"]


def test_the_bin_starts_with_the_vector_table(e8_firmware):
    firmware = e8_firmware("he")
    stack, reset = image_entry(firmware.board, firmware.bin.read_bytes())
    assert stack == 0x20040000  # top of the HE's 256 KB DTCM
    assert reset == read_elf(firmware.elf).symbols["Reset_Handler"] & ~1


def test_an_image_for_the_other_core_is_refused(e8_firmware):
    he, hp = e8_firmware("he"), e8_firmware("hp")
    with pytest.raises(ValueError, match="DTCM"):
        jlink_script(he.board, hp.bin)  # HP's stack top is past the HE's 256 KB DTCM
    with pytest.raises(ValueError, match="MRAM slot"):
        jlink_script(hp.board, he.bin)  # its stack fits the HP's DTCM, its code is in the HE's slot


def test_atoc_config_for_the_e7_variant_names_the_same_core(e8_firmware):
    firmware = e8_firmware("he-e7-rtt")
    assert atoc_config(firmware.board, "x.bin")["HE_APP"]["mramAddress"] == "0x80000000"

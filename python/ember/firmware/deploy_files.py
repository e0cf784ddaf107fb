"""The files that put an E8 firmware image on a board, for a board.json and a
.bin (arm-none-eabi-objcopy -O binary of the ELF: the MRAM image, vector table
first).

    python -m ember.firmware.deploy_files BOARD.json APP.bin OUT_DIR

- SETOOLS ATOC configuration: copy it to <SETOOLS>/build/config/ and the .bin to
  <SETOOLS>/build/images/, then `app-gen-toc -f build/config/<file>` and
  `app-write-mram -p`. The layout follows Alif's published examples (the
  sdk-alif "SE Tool Flashing" application note and the Ensemble docs):
  "DEVICE" with the device configuration, then one application entry with
  binary, mramAddress, cpu_id and flags ["boot"] (execute in place from MRAM,
  so no loadAddress). Not verified against an E8-capable SETOOLS release: the
  DEVICE "version" ("0.5.00") follows the examples and may differ per release,
  and whether "signed": false images boot depends on the part's lifecycle state.
- J-Link Commander script (JLinkExe -CommanderScript <file>): loads the .bin at
  the slot's MRAM address (needs J-Link >= 7.94 for the E8's MRAM loader), resets,
  then starts the image from its own vector table (MSP and PC from its first two
  words) because what a J-Link reset restarts on these cores is not documented.
"""

import json
import struct
import sys
from pathlib import Path

ATOC_DEVICE = {"disabled": False, "binary": "app-device-config.json", "version": "0.5.00", "signed": True}
JLINK_SPEED_KHZ = 4000


def _region(board: dict, name: str) -> tuple:
    r = board["regions"][name]
    return r["origin"], r["origin"] + r["length"]


def atoc_config(board: dict, binary_name: str, version: str = "1.0.0") -> dict:
    """The ATOC JSON for one application image in the board's MRAM slot."""
    return {
        "DEVICE": dict(ATOC_DEVICE),
        f"EMBER_{board['core']}": {
            "binary": binary_name,
            "mramAddress": f"0x{board['regions']['mram']['origin']:08X}",
            "version": version,
            "cpu_id": board["core"],
            "flags": ["boot"],
            "signed": False,
        },
    }


def image_entry(board: dict, binary: bytes) -> tuple:
    """(initial stack pointer, reset handler) from the image's vector table, checked
    against the board: the stack in DTCM, the handler in the MRAM slot."""
    if len(binary) < 8:
        raise ValueError("the image is shorter than two vector-table entries")
    stack, reset = struct.unpack_from("<II", binary, 0)
    dtcm_start, dtcm_end = _region(board, "dtcm")
    mram_start, mram_end = _region(board, "mram")
    if not dtcm_start < stack <= dtcm_end:
        raise ValueError(f"initial stack pointer 0x{stack:08x} is not in {board['name']}'s DTCM: not this board's image")
    if not (reset & 1 and mram_start <= reset < mram_start + len(binary) <= mram_end):
        raise ValueError(f"reset vector 0x{reset:08x} is not Thumb code inside the image in {board['name']}'s MRAM slot")
    return stack, reset & ~1


def jlink_script(board: dict, bin_path, speed_khz: int = JLINK_SPEED_KHZ) -> str:
    bin_path = Path(bin_path).resolve()
    stack, reset = image_entry(board, bin_path.read_bytes())
    return "\n".join([
        f"device {board['jlink_device']}",
        "si SWD",
        f"speed {speed_khz}",
        "connect",
        f"loadbin {bin_path}, 0x{board['regions']['mram']['origin']:08X}",
        "r",
        f"wreg MSP, 0x{stack:08X}",
        f"setpc 0x{reset:08X}",
        "g",
        "qc",
    ]) + "\n"


def write_deploy_files(board: dict, bin_path, out_dir) -> dict:
    """Writes <stem>-atoc.json and <stem>.jlink next to each other; returns their paths."""
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    atoc = out_dir / f"{bin_path.stem}-atoc.json"
    jlink = out_dir / f"{bin_path.stem}.jlink"
    jlink.write_text(jlink_script(board, bin_path))
    atoc.write_text(json.dumps(atoc_config(board, bin_path.name), indent=4) + "\n")
    return {"atoc": atoc, "jlink": jlink}


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("usage: python -m ember.firmware.deploy_files BOARD.json APP.bin OUT_DIR", file=sys.stderr)
        return 2
    paths = write_deploy_files(json.loads(Path(args[0]).read_text()), args[1], args[2])
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The files that put an E8 firmware image on a board, for a board.json and a
.bin (arm-none-eabi-objcopy -O binary of the ELF: the MRAM image, vector table
first).

    python -m ember.firmware.deploy_files BOARD.json APP.bin OUT_DIR [--stubs app-cpu-stubs.json]

- SETOOLS ATOC configuration: copy it to <SETOOLS>/build/config/ and the .bin to
  <SETOOLS>/build/images/, then `app-gen-toc -f build/config/<file>` and
  `app-write-mram -p`. The core's entry is named as in SETOOLS' own
  build/config/app-cpu-stubs.json ("HE_APP", "HP_APP"), and filled the way
  Alif's Zephyr flash runner fills it for an image in MRAM: binary,
  mramAddress, flags ["boot"] (execute in place, so no loadAddress), cpu_id.
  Given that stubs file (--stubs), only the core's entry is replaced and the
  other cores keep their stubs (a core without an image stays down, and a
  debugger cannot attach to it); without it, the file holds DEVICE and the app
  alone, as in Alif's "SE Tool Flashing" note. Not verified against an
  E8-capable SETOOLS release: the DEVICE "version" ("0.5.00") follows the
  examples and may differ per release, and whether "signed": false images
  boot depends on the part's lifecycle state.
- J-Link Commander script (JLinkExe -CommanderScript <file>): loads the .bin at
  the slot's MRAM address (Alif names no minimum J-Link version; the one public
  report from E8 silicon needed V9.46 or newer for the MRAM loader: see
  docs/e8-facts.md), resets,
  then starts the image from its own vector table (MSP and PC from its first two
  words) because what a J-Link reset restarts on these cores is not documented.
  J-Link attaches only to a core that runs (the SE starts only cores with an
  ATOC entry): program the ATOC once, stubs included, before using the script.
"""

import argparse
import copy
import json
import struct
import sys
from pathlib import Path

ATOC_DEVICE = {"disabled": False, "binary": "app-device-config.json", "version": "0.5.00", "signed": True}
ATOC_APP_KEYS = {"M55_HE": "HE_APP", "M55_HP": "HP_APP"}
JLINK_SPEED_KHZ = 4000


def _region(board: dict, name: str) -> tuple:
    r = board["regions"][name]
    return r["origin"], r["origin"] + r["length"]


def atoc_config(board: dict, binary_name: str, stubs: dict | None = None, version: str = "1.0.0") -> dict:
    """The ATOC JSON with the image in the board's MRAM slot; `stubs` (SETOOLS'
    app-cpu-stubs.json, left unchanged) supplies the other cores' entries."""
    config = copy.deepcopy(stubs) if stubs is not None else {"DEVICE": dict(ATOC_DEVICE)}
    key = ATOC_APP_KEYS[board["core"]]
    entry = config.get(key, {})
    entry.pop("loadAddress", None)
    entry.update({
        "binary": binary_name,
        "mramAddress": f"0x{board['regions']['mram']['origin']:08x}",
        "version": entry.get("version", version),
        "cpu_id": board["core"],
        "flags": ["boot"],
        "signed": entry.get("signed", False),
    })
    config[key] = entry
    return config


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


def write_deploy_files(board: dict, bin_path, out_dir, stubs: dict | None = None) -> dict:
    """Writes <stem>-atoc.json and <stem>.jlink next to each other; returns their paths."""
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    atoc = out_dir / f"{bin_path.stem}-atoc.json"
    jlink = out_dir / f"{bin_path.stem}.jlink"
    jlink.write_text(jlink_script(board, bin_path))
    atoc.write_text(json.dumps(atoc_config(board, bin_path.name, stubs), indent=4) + "\n")
    return {"atoc": atoc, "jlink": jlink}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ember.firmware.deploy_files",
                                     description="SETOOLS ATOC JSON and J-Link script for an E8 image")
    parser.add_argument("board", type=Path, help="the board.json the image was built for")
    parser.add_argument("binary", type=Path, help="the image (.bin)")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--stubs", type=Path, help="SETOOLS build/config/app-cpu-stubs.json: keep the other cores' stubs")
    args = parser.parse_args(argv)
    stubs = json.loads(args.stubs.read_text()) if args.stubs else None
    paths = write_deploy_files(json.loads(args.board.read_text()), args.binary, args.out_dir, stubs)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Board facts as the firmware build reads them: src/platform/<board>/board.json,
the same file the linker script's MEMORY block is generated from."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PLATFORM_DIR = REPO / "src" / "platform"


class UnknownBoard(ValueError):
    pass


def names() -> list[str]:
    return sorted(p.parent.name for p in PLATFORM_DIR.glob("*/board.json"))


def load(name: str) -> dict:
    path = PLATFORM_DIR / name / "board.json"
    if not path.exists():
        raise UnknownBoard(f"unknown board {name!r}; boards: {', '.join(names())}")
    board = json.loads(path.read_text())
    board.setdefault("name", name)
    return board


def simulated_npu(board: dict) -> bool:
    return not board.get("npu", {}).get("present", True) or board.get("npu", {}).get("macs", 0) == 0

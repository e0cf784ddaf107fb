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


def load(name: str, silicon: str | None = None) -> dict:
    """The board's facts; `silicon` picks one of its variants (e.g. "e7": a
    DevKit carrying E7 silicon), whose members replace the E8's one level
    deep, as board.cmake applies them to the firmware build."""
    path = PLATFORM_DIR / name / "board.json"
    if not path.exists():
        raise UnknownBoard(f"unknown board {name!r}; boards: {', '.join(names())}")
    board = json.loads(path.read_text())
    board.setdefault("name", name)
    variants = board.pop("variants", {})
    if silicon and silicon.lower() != board.get("silicon", "").lower():
        if silicon.lower() not in variants:
            raise UnknownBoard(f"{name} has no {silicon} silicon variant; variants: {', '.join(variants) or 'none'}")
        for key, value in variants[silicon.lower()].items():
            if isinstance(value, dict):
                board[key] = {**board.get(key, {}), **value}
            else:
                board[key] = value
    return board


def silicon_variants(name: str) -> list[str]:
    return sorted(json.loads((PLATFORM_DIR / name / "board.json").read_text()).get("variants", {}))


def simulated_npu(board: dict) -> bool:
    return not board.get("npu", {}).get("present", True) or board.get("npu", {}).get("macs", 0) == 0


def with_npu(board: dict, key: str) -> dict:
    """The board as an image drives one of its NPUs: board.json's `key` ("npu",
    the core's Ethos-U55, or "npu_u85", the E8's Ethos-U85 on the HP core)
    becomes its "npu", with "product" saying which; where `key` is silent (what
    the NPU reaches, a simulated NPU's absence) the core's "npu" stands."""
    npu = {**board.get("npu", {}), **board.get(key, {}), "product": "Ethos-U85" if key == "npu_u85" else "Ethos-U55"}
    return {**board, "npu": npu}


def e8_npu_clock_hz(macs: int) -> int:
    """The clock of the E8 NPU with this many MACs (HP's, else HE's), as the host
    tool times a simulated NPU's operations."""
    he, hp = load("alif-e8-he"), load("alif-e8-hp")
    return (hp if macs == hp["npu"]["macs"] else he)["npu"]["clock_hz"]

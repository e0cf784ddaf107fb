"""What the report shows, from the tools that know it: `ember-tool inspect --json`
(instructions, delegates, sizes), one host run with `--profile-json` (the cycle
model's estimate per NPU operation, and the memory needs), the memory planner
(the plan `ember build` would make, without building firmware), and when given
the export report (Vela's per-layer estimate) and `ember verify --json`."""

import json
import tempfile
from pathlib import Path

from ember.errors import UserError
from ember.firmware import boards, build, plan

DEFAULT_BOARD = "alif-e8-he"


def e8_boards() -> list[str]:
    return [name for name in boards.names() if name.startswith("alif-e8")]


def board_for(method: dict) -> str:
    """The E8 core whose NPU the program was compiled for (board.json npu.macs)."""
    macs = next((d.get("npu_macs") for d in method.get("delegates", []) if d.get("npu_macs")), None)
    for name in e8_boards():
        if macs and boards.load(name).get("npu", {}).get("macs") == macs:
            return name
    return DEFAULT_BOARD


# What the page reads of each row of the files it is given.
LAYER_KEYS = ("name", "operator", "cycles", "macs", "mac_utilisation_percent")
VERIFY_ROW_KEYS = ("name", "cases", "bit_exact", "largest_difference", "top1")


def _rows_with(rows, keys) -> bool:
    return isinstance(rows, list) and all(isinstance(r, dict) and all(k in r for k in keys) for r in rows)


def read_json(path: Path, what: str, fix: str, key: str, rows_of=None, row_keys=()) -> dict:
    """A JSON object file with `key` whose rows (rows_of(data)) have row_keys,
    or UserError naming what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{what} {path}: no such file", fix)
    try:
        data = json.loads(path.read_text())
    except ValueError as e:
        raise UserError(f"{what} {path} is not JSON ({' '.join(str(e).split())})", fix) from e
    if not isinstance(data, dict) or key not in data:
        raise UserError(f"{what} {path} has no '{key}'", fix)
    if rows_of and not _rows_with(rows_of(data), row_keys):
        raise UserError(f"{what} {path}: a row without {', '.join(row_keys)}", fix)
    return data


def gather(pte: Path, board_name: str | None = None, export_report: Path | None = None,
           verify: Path | None = None, export_data: dict | None = None) -> dict:
    """Everything the page shows, as plain data. export_data: the export report
    itself (ember export passes it before writing any file)."""
    pte = Path(pte)
    info = build.inspect_program(pte)
    method = next(m for m in info["methods"] if m["name"] == "forward")
    if export_data is None and export_report is not None:
        export_data = read_json(export_report, "export report", "give the JSON `ember export --report` wrote",
                                "operators", lambda d: ((d.get("estimate") or {}).get("layers", [])), LAYER_KEYS)
    verify_data = None
    if verify is not None:
        verify_data = read_json(verify, "verify table", "give the JSON `ember verify --json` wrote", "rows",
                                lambda d: d["rows"], VERIFY_ROW_KEYS)
    try:
        board = boards.load(board_name or board_for(method))
        if boards.simulated_npu(board):
            raise UserError(f"{board['name']} is not an E8: the report draws an E8 core's memory map",
                            "give --board " + " or ".join(e8_boards()))
        in_sram = ((export_data.get("placement") or {}).get("memory_mode") == "Sram_Only" if export_data
                   else build.model_in_sram(pte, "auto", None))
        with tempfile.TemporaryDirectory(prefix="ember-report-") as tmp:
            profile_path = Path(tmp) / "profile.json"
            needs = build.measure_needs(pte, in_sram, board, run_args=["--profile-json", str(profile_path)])
            profile = json.loads(profile_path.read_text())
        memory_plan = plan.make(needs, board)
    except (plan.PlanError, boards.UnknownBoard) as e:
        raise build.as_user_error(e) from e
    return {"program": pte.name, "info": info, "method": method, "profile": profile, "needs": needs,
            "plan": memory_plan, "board": board, "export": export_data, "verify": verify_data}

"""`ember run PROGRAM.pte --etdump FILE.etdp`: the host tool records the first
inference's events in the JSON form of upstream's ETDump schema; this turns them
into the binary ETDump (size-prefixed, as ExecuTorch's runtime writes it) with
the schema and the flatc that ship in the executorch package, so
`executorch.devtools.Inspector(etdump_path=FILE)` reads it. With `--board
qemu-an547` the runner firmware prints the same events on its console
(apps/runner/console_etdump.h), which become the same JSON here. Nothing here
imports executorch (or torch): the package is only located."""

import importlib.util
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ember.errors import UserError

SCHEMAS = ("etdump_schema_flatcc.fbs", "scalar_type.fbs")


def executorch_files() -> tuple[Path, Path]:
    """(flatc, the ETDump schema's directory) from the installed executorch package."""
    spec = importlib.util.find_spec("executorch")
    if spec is None or not spec.submodule_search_locations:
        raise UserError("the executorch package is not installed, and writing an ETDump needs its schema and flatc",
                        "run scripts/setup.sh")
    package = Path(list(spec.submodule_search_locations)[0])
    flatc, schema_dir = package / "data" / "bin" / "flatc", package / "devtools" / "etdump"
    if not flatc.is_file() or not all((schema_dir / s).is_file() for s in SCHEMAS):
        raise UserError(f"{package} lacks flatc or the ETDump schema", "reinstall executorch (scripts/setup.sh)")
    return flatc, schema_dir


def run_with_etdump(tool: str, args: list[str]) -> int:
    target, rest, i = None, [], 0
    while i < len(args):
        if args[i] == "--etdump":
            if i + 1 >= len(args):
                raise UserError("--etdump needs a file name", "e.g. --etdump model.etdp")
            target, i = args[i + 1], i + 2
        elif args[i].startswith("--etdump="):
            target, i = args[i].split("=", 1)[1], i + 1
        else:
            rest.append(args[i])
            i += 1
    executorch_files()  # before the run: the package is there
    with tempfile.TemporaryDirectory(prefix="ember-etdump-") as tmp:
        events = Path(tmp) / "etdump.json"
        status = subprocess.call([tool, "run", *rest, "--etdump-json", str(events)])
        if status != 0:
            return status
        write_binary(events, Path(target))
    print(f"ETDump written to {target}")
    return 0


def write_binary(events_json: Path, target: Path) -> None:
    """The JSON form of an ETDump (events_json) as upstream's binary .etdp."""
    flatc, schema_dir = executorch_files()
    with tempfile.TemporaryDirectory(prefix="ember-etdump-") as tmp:
        for schema in SCHEMAS:
            shutil.copyfile(schema_dir / schema, Path(tmp) / schema)
        shutil.copyfile(events_json, Path(tmp) / "etdump.json")
        done = subprocess.run([str(flatc), "--binary", "--size-prefixed", "-o", tmp, str(Path(tmp) / SCHEMAS[0]),
                               str(Path(tmp) / "etdump.json")], capture_output=True, text=True)
        if done.returncode != 0:
            raise UserError(f"flatc could not write the ETDump: {done.stderr.strip()[-300:]}",
                            "report this as an ember bug")
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / "etdump.etdp", target)


_CALL = re.compile(r"etdump call (\d+) (\d+) (\d+) (\S+)$")
_NPU = re.compile(r"etdump npu (\d+) (\d+) (\d+) (.+)$")


def from_console(output: str, npu_clock_hz) -> dict:
    """The JSON form of the ETDump the runner printed on its console: the events
    the host tool would write, timed in ns from the first call (the board's
    counter at cpu_hz); each NPU operation at its NPU cycles / npu_clock_hz(macs),
    laid end to end from its delegate call's start, as on the host."""
    lines = [line.strip() for line in output.splitlines()]
    begin = next((line for line in lines if line.startswith("etdump begin ")), None)
    end = next((line for line in lines if line.startswith("etdump end ")), None)
    if begin is None or end is None:
        raise UserError("the firmware printed no ETDump (no 'etdump begin'/'etdump end' lines)",
                        "rebuild the image with --etdump; the console above shows how far it got")
    fields = dict(item.split("=", 1) for item in begin.split()[2:])
    cpu_hz, macs = int(fields["cpu_hz"]), int(fields["npu_macs"])
    dropped = int(dict(item.split("=", 1) for item in end.split()[2:])["dropped"])
    if dropped:
        print(f"warning: the firmware's ETDump holds its first events only ({dropped} not recorded)")
    events, origin, call_start = [], None, 0
    for line in lines[lines.index(begin) + 1:lines.index(end)]:
        if m := _CALL.match(line):
            pc, start, stop, name = int(m[1]), int(m[2]), int(m[3]), m[4]
            origin = start if origin is None else origin
            call_start = round((start - origin) * 1e9 / cpu_hz)
            events.append(_profile_event(name, pc, call_start, round((stop - origin) * 1e9 / cpu_hz)))
            npu_at = call_start
        elif m := _NPU.match(line):
            pc, index, cycles, name = int(m[1]), int(m[2]), int(m[3]), m[4]
            duration = int(cycles * 1e9 / npu_clock_hz(macs))
            events.append(_profile_event(name, pc, npu_at, npu_at + duration, delegate_index=index))
            npu_at += duration
    return {"version": 0, "run_data": [{"name": "forward", "bundled_input_index": -1, "allocators": [],
                                        "events": events}]}


def _profile_event(name: str, pc: int, start_ns: int, end_ns: int, delegate_index: int | None = None) -> dict:
    event = {"name": name, "chain_index": 0, "instruction_id": pc}
    if delegate_index is not None:
        # Inside a delegate: named "#3 CONV", the Inspector's name for a delegated event.
        event["delegate_debug_id_str"] = f"#{delegate_index} {name}"
    return {"profile_event": {**event, "start_time": start_ns, "end_time": end_ns}}


def write_from_console(output: str, npu_clock_hz, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="ember-etdump-") as tmp:
        events = Path(tmp) / "events.json"
        events.write_text(json.dumps(from_console(output, npu_clock_hz)))
        write_binary(events, target)

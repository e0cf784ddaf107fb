"""`ember run PROGRAM.pte --etdump FILE.etdp`: the host tool records the first
inference's events in the JSON form of upstream's ETDump schema; this turns them
into the binary ETDump (size-prefixed, as ExecuTorch's runtime writes it) with
the schema and the flatc that ship in the executorch package, so
`executorch.devtools.Inspector(etdump_path=FILE)` reads it. Nothing here
imports executorch (or torch): the package is only located."""

import importlib.util
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
    flatc, schema_dir = executorch_files()
    with tempfile.TemporaryDirectory(prefix="ember-etdump-") as tmp:
        events = Path(tmp) / "etdump.json"
        status = subprocess.call([tool, "run", *rest, "--etdump-json", str(events)])
        if status != 0:
            return status
        for schema in SCHEMAS:
            shutil.copyfile(schema_dir / schema, Path(tmp) / schema)
        done = subprocess.run([str(flatc), "--binary", "--size-prefixed", "-o", tmp, str(Path(tmp) / SCHEMAS[0]),
                               str(events)], capture_output=True, text=True)
        if done.returncode != 0:
            raise UserError(f"flatc could not write the ETDump: {done.stderr.strip()[-300:]}",
                            "report this as an ember bug")
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / "etdump.etdp", target)
    print(f"ETDump written to {target}")
    return 0

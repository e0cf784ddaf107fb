"""`ember inspect` and `ember run`: thin wrappers over the C++ ember-tool (built
into build/host by scripts/setup.sh, or here on first use). Never imports torch."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD_DIR = REPO / "build" / "host"
TOOL = BUILD_DIR / "apps" / "host" / "ember-tool"


def tool_path() -> Path:
    """The ember-tool binary, building it if needed."""
    override = os.environ.get("EMBER_TOOL")
    if override:
        return Path(override)
    if not TOOL.exists():
        print("building ember-tool (first use) ...", file=sys.stderr)
        if not (BUILD_DIR / "CMakeCache.txt").exists():
            subprocess.run(["cmake", "-S", str(REPO), "-B", str(BUILD_DIR), "-G", "Ninja"], check=True,
                           stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", str(BUILD_DIR), "--target", "ember-tool"], check=True,
                       stdout=subprocess.DEVNULL)
    return TOOL


def call(command: str, args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="ember-bundle-") as tmp:
        args = _bundles_as_programs(args, Path(tmp))
        if command == "run" and any(a == "--etdump" or a.startswith("--etdump=") for a in args):
            from ember import etdump

            return etdump.run_with_etdump(str(tool_path()), args)
        return subprocess.call([str(tool_path()), command, *args])


def _bundles_as_programs(args: list[str], tmp: Path) -> list[str]:
    """The C++ tool reads programs only: a BundledProgram (.bpte) argument becomes
    the program it carries (its test cases are `ember verify`'s)."""
    from ember import bundled_program

    out = []
    for arg in args:
        if not arg.startswith("-") and Path(arg).is_file() and bundled_program.is_bundle(Path(arg)):
            program = tmp / (Path(arg).stem + ".pte")
            program.write_bytes(bundled_program.read(Path(arg)).program)
            print(f"{arg}: the program inside the bundle (its test cases: `ember verify {arg}`)", file=sys.stderr)
            arg = str(program)
        out.append(arg)
    return out


def add_arguments(parser, name):
    """For `ember --help` only: the C++ tool parses the real arguments."""
    parser.add_argument("args", nargs="...", help=f"see `ember {name} --help`")


def run(args) -> int:
    return call(args.command, args.args)

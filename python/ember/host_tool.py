"""`ember inspect` and `ember run`: thin wrappers over the C++ ember-tool (built
into build/host by scripts/setup.sh, or here on first use). Never imports torch."""

import os
import subprocess
import sys
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
    if command == "run" and any(a == "--etdump" or a.startswith("--etdump=") for a in args):
        from ember import etdump

        return etdump.run_with_etdump(str(tool_path()), args)
    return subprocess.call([str(tool_path()), command, *args])


def add_arguments(parser, name):
    """For `ember --help` only: the C++ tool parses the real arguments."""
    parser.add_argument("args", nargs="...", help=f"see `ember {name} --help`")


def run(args) -> int:
    return call(args.command, args.args)

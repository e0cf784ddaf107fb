import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "upstream-pte"




def run_tool(tool, *args, check=True):
    result = subprocess.run([tool, *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"ember-tool {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result

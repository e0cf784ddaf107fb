import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "upstream-pte"


@pytest.fixture(scope="session")
def ember_tool():
    from ember.host_tool import tool_path
    return str(tool_path())


def run_tool(tool, *args, check=True):
    result = subprocess.run([tool, *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"ember-tool {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result

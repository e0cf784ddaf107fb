"""ember's disassembly of each delegate's register command stream equals Vela's
own --verbose-register-command-stream listing of the same graph, command by
command and field by field: offset, payload word, param, code, mnemonic, param
value and each decoded "name = value" field (precisions, rounding and scale
modes, activation functions, kernel strides, DMA modes, broadcast flags, ...).
Every model of both suites (int8 and a16w8), on both NPUs."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .models import SUITES

LINE = re.compile(r"^0x([0-9a-f]{6}): (?:([0-9a-f]{8}) )?\s*([0-9a-f]{4}) ([0-9a-f]{4}) - (NPU_[A-Z0-9_]+)\s+(\d+)(.*)$",
                  re.M)


def commands(listing: str):
    """(offset, payload, param, code, mnemonic, value, [(field, value), ...]) per command."""
    parsed = []
    for m in LINE.finditer(listing):
        rest = m.group(7).strip()
        fields = [tuple(part.split(" = ", 1)) for part in rest.lstrip(",").split(", ")] if rest else []
        parsed.append((*m.groups()[:6], fields))
    return parsed


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITES))
def test_disassembly_equals_vela_listing(ember_tool, suite_export, tmp_path, name, target):
    exported = suite_export(name, target)
    result, tosa = exported.result, exported.tosa
    ours = commands(subprocess.run([ember_tool, "inspect", exported.pte, "--commands"], capture_output=True, text=True,
                                   check=True).stdout)

    placement = result.report["placement"]
    vela = Path(sys.executable).with_name("vela")
    listing = subprocess.run(
        [vela, tosa, f"--accelerator-config={result.report['target']['accelerator']}",
         f"--config={placement['vela_config']}", f"--system-config={placement['system_config']}",
         f"--memory-mode={placement['memory_mode']}", "--output-format=raw", f"--output-dir={tmp_path / 'vela'}",
         "--verbose-register-command-stream"], capture_output=True, text=True, check=True).stdout
    theirs = commands(listing)
    assert len(theirs) > 10
    assert sum(len(c[6]) for c in theirs) > len(theirs) // 2  # Vela decodes fields: the comparison has some
    assert len(ours) == len(theirs)
    for mine, vela_command in zip(ours, theirs):
        assert mine == vela_command, f"first difference at 0x{vela_command[0]}"

"""ember's disassembly of each delegate's register command stream equals Vela's
own --verbose-register-command-stream listing of the same graph, command by
command: offset, payload word, param, code and mnemonic."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from ember.export import export_model

from .models import SUITE

LINE = re.compile(r"^0x([0-9a-f]{6}): (?:([0-9a-f]{8}) )?\s*([0-9a-f]{4}) ([0-9a-f]{4}) - (NPU_[A-Z0-9_]+)", re.M)


def commands(listing: str):
    return [m.groups() for m in LINE.finditer(listing)]


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
@pytest.mark.parametrize("name", sorted(SUITE))
def test_disassembly_equals_vela_listing(ember_tool, tmp_path, name, target):
    factory, shape = SUITE[name]
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
    result = export_model(factory().eval(), calibration[0], target, calibration=calibration, io="int8",
                          keep_dir=str(tmp_path / "keep"))
    (pte := tmp_path / "m.pte").write_bytes(result.pte)
    ours = commands(subprocess.run([ember_tool, "inspect", pte, "--commands"], capture_output=True, text=True,
                                   check=True).stdout)

    placement = result.report["placement"]
    (tosa,) = sorted((tmp_path / "keep" / "lowering").glob("output_tag*.tosa"))
    vela = Path(sys.executable).with_name("vela")
    listing = subprocess.run(
        [vela, tosa, f"--accelerator-config={result.report['target']['accelerator']}",
         f"--config={placement['vela_config']}", f"--system-config={placement['system_config']}",
         f"--memory-mode={placement['memory_mode']}", "--output-format=raw", f"--output-dir={tmp_path / 'vela'}",
         "--verbose-register-command-stream"], capture_output=True, text=True, check=True).stdout
    theirs = commands(listing)
    assert len(theirs) > 10
    assert ours == theirs

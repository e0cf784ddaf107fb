"""ember's disassembly of an Ethos-U85 command stream equals Vela's own
--verbose-register-command-stream listing for ethos-u85-256, command by command
and field by field (the U85's vocabulary: storage, transpose/reverse, microblock,
40-bit addresses, resize, gather DMA, ...). Models: a slice of the U55 suite,
int8 and a16w8, and the two models of the e8-hp-u85 export test that use the
U85's own operators (gather, resize, comparison, select, attention)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from ember.export import export_model
from ember.firmware import boards
from ember.firmware.build import BuildError, check_npu
from ember.export.tests.test_u85_target import MODELS as U85_MODELS

from .models import SUITES
from .test_disassembly import commands

# A slice keeps the test short (the encoder and the CNN bring conv, depthwise,
# matmul, gather, resize and select); EMBER_U85_FULL_SUITE=1 checks all of
# both suites (27 models, a few minutes).
SLICE = ("elementwise", "sigmoid_tanh_clamp_concat", "transpose_concat_reshape", "a16w8_fully_connected")
MODELS = SUITES if os.environ.get("EMBER_U85_FULL_SUITE") else {name: SUITES[name] for name in SLICE}


def _expect_the_hp_image_to_drive_it(ember_tool, pte):
    """A U85 program's firmware drives the E8's Ethos-U85 from the HP core
    (board.json npu_u85); the HE core's image refuses it by name."""
    info = json.loads(subprocess.run([ember_tool, "inspect", pte, "--json"], capture_output=True, text=True,
                                     check=True).stdout)
    (delegate,) = info["methods"][0]["delegates"]
    assert delegate["npu"] == "Ethos-U85" and delegate["npu_macs"] == 256
    hp = boards.load("alif-e8-hp")
    assert check_npu(info["methods"][0], pte, hp)["npu"] == {**hp["npu"], **hp["npu_u85"], "product": "Ethos-U85"}
    with pytest.raises(BuildError, match="compiled for an Ethos-U85, which alif-e8-he's core does not drive"):
        check_npu(info["methods"][0], pte, boards.load("alif-e8-he"))


def _export(name, tmp_path):
    torch.manual_seed(0)
    if name in U85_MODELS:
        model_class, make_inputs = U85_MODELS[name]
        inputs, calibration, io, activations = make_inputs(), [make_inputs() for _ in range(4)], "float", "int8"
        module = model_class()
    else:
        factory, shape, activations = MODELS[name]
        rng = np.random.default_rng(0)
        calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
        inputs, io, module = calibration[0], activations, factory()
    return export_model(module.eval(), inputs, "e8-hp-u85", calibration=calibration, io=io,
                        activations=activations, memory_mode="Shared_Sram", keep_dir=str(tmp_path / "keep"))


@pytest.mark.parametrize("name", [*sorted(MODELS), *U85_MODELS])
def test_u85_disassembly_equals_vela_listing(ember_tool, tmp_path, name):
    result = _export(name, tmp_path)
    (pte := tmp_path / "m.pte").write_bytes(result.pte)
    inspected = subprocess.run([ember_tool, "inspect", pte, "--commands"], capture_output=True, text=True,
                               check=True).stdout
    assert "compiled for Ethos-U85-256" in inspected
    ours = commands(inspected)
    _expect_the_hp_image_to_drive_it(ember_tool, pte)

    placement = result.report["placement"]
    (tosa,) = sorted((tmp_path / "keep" / "lowering").glob("output_tag*.tosa"))
    vela = Path(sys.executable).with_name("vela")
    listing = subprocess.run(
        [vela, tosa, "--accelerator-config=ethos-u85-256", f"--config={placement['vela_config']}",
         f"--system-config={placement['system_config']}", f"--memory-mode={placement['memory_mode']}",
         "--output-format=raw", f"--output-dir={tmp_path / 'vela'}", "--verbose-register-command-stream"],
        capture_output=True, text=True, check=True).stdout
    theirs = commands(listing)
    assert len(theirs) > 10
    assert sum(len(c[6]) for c in theirs) > len(theirs) // 2
    assert len(ours) == len(theirs)
    for mine, vela_command in zip(ours, theirs):
        assert mine == vela_command, f"first difference at 0x{vela_command[0]}"

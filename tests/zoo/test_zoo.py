"""The model zoo (models.py) exported with ember's own export and run through
ember's runtime on the host:

- `portable` (float, no delegate): every model, against upstream's runtime
  (executorch.runtime) on the same program and input: top-1 equal and every output
  within rtol 1e-5 / atol 1e-6 (measured: bit-identical for all ten today).
- `e8-he-cpu` (int8 cortex_m:: operators on the M55, float left-overs on ember's
  portable kernels): against the quantized PyTorch module the export converted: top-1
  equal and the largest difference at most 3 steps of the output's quantization.
  The tests run a fixed slice (CPU_SLICE: depthwise convolutions, and a transposed
  convolution left in float on channels-last tensors) to keep the suite short;
  EMBER_ZOO_FULL=1 runs every model (scripts/zoo.sh).

- `e8-he` and `e8-hp` (int8 on the simulated Ethos-U55-128 / -256, what the NPU
  declines on ember's CPU kernels): against the quantized PyTorch module: top-1
  equal and the largest difference at most NPU_STEPS output steps (measured: 0 or 1:
  the integer pipeline rounds where the module computes in float between its
  quantize/dequantize pairs). The tests run NPU_SLICE; EMBER_ZOO_FULL=1 runs every
  model on both.

- In the firmware: the float transformer (exp, erf, tanh, layer norm: the libm
  calls and multiply-adds where the M55 build could round differently) runs in QEMU
  byte-identical to the host run, case by case; so does an NPU program (the DS-CNN
  on e8-he: Cortex-M55 code driving the simulated NPU built into the image).

A model that cannot run on a target is listed in GAPS with the operator and the
reason, and the words of the failure; its test asserts exactly that failure, so it
fails once the gap closes."""

import os
import subprocess

import numpy as np
import pytest
import torch

from ember.difftest.cpu import output_step
from tests.runtime.test_upstream_parity import upstream_outputs

from .models import ZOO, build

FULL = bool(os.environ.get("EMBER_ZOO_FULL"))
CPU_SLICE = ["ds_cnn_kws", "conv_autoencoder"]
CPU_MODELS = list(ZOO) if FULL else CPU_SLICE
NPU_TARGETS = ("e8-he", "e8-hp")
NPU_SLICE = [("ds_cnn_kws", "e8-he"), ("conv_autoencoder", "e8-hp")]
NPU_CASES = [(name, target) for name in ZOO for target in NPU_TARGETS] if FULL else NPU_SLICE
NPU_STEPS = 1
GAPS = {}  # (model, target) -> (operator, words of the failure, why)


@pytest.fixture(scope="session")
def zoo_exports(tmp_path_factory):
    """(model, target) -> (ExportResult, .pte path, module, inputs), exported once per session."""
    from ember.export import export_model

    cache = {}

    def get(name, target):
        if (name, target) not in cache:
            module, inputs = build(name)
            result = export_model(module, inputs, target)
            path = tmp_path_factory.mktemp(f"{name}-{target}") / "model.pte"
            path.write_bytes(result.pte)
            cache[name, target] = (result, path, module, inputs)
        return cache[name, target]
    return get


def run_ember(tool, pte, x, tmp_path, channels_last=False):
    """ember-tool run on x; channels_last: the program takes 4-D input in NHWC memory
    order (the Cortex-M flow), given as raw bytes in that order."""
    if channels_last and x.ndim == 4:
        (tmp_path / "x.bin").write_bytes(np.ascontiguousarray(x.transpose(0, 2, 3, 1)).tobytes())
        source = tmp_path / "x.bin"
    else:
        np.save(tmp_path / "x.npy", x)
        source = tmp_path / "x.npy"
    done = subprocess.run([tool, "run", str(pte), "--input", str(source), "--output", str(tmp_path / "y.npy")],
                          capture_output=True, text=True)
    return done, (np.load(tmp_path / "y.npy") if done.returncode == 0 else None)


def logical(got, shape):
    """ember writes a 4-D output in its memory order; NHWC back to the module's NCHW."""
    if len(shape) == 4 and got.shape == (shape[0], shape[2], shape[3], shape[1]):
        return got.transpose(0, 3, 1, 2)
    return got.reshape(shape)


def check_gap(result, done, name, target):
    operator, words, why = GAPS[name, target]
    stopped = operator in result.report["operators"]["missing"] or (operator in done.stderr and words in done.stderr)
    assert done.returncode != 0 and stopped, (
        f"{name} on {target} was listed as stopped by {operator} ({why}); it no longer is: update GAPS")


@pytest.mark.parametrize("name", list(ZOO))
def test_portable_matches_upstream(ember_tool, zoo_exports, tmp_path, name):
    result, pte, module, inputs = zoo_exports(name, "portable")
    x = inputs[0].numpy()
    done, got = run_ember(ember_tool, pte, x, tmp_path)
    if (name, "portable") in GAPS:
        return check_gap(result, done, name, "portable")
    assert done.returncode == 0, f"{name}: ember cannot run it: {done.stderr.strip()}"
    assert result.report["operators"]["missing"] == []
    expected = upstream_outputs(pte, [x])[0]
    got = logical(got, expected.shape)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert got.argmax() == expected.argmax()


@pytest.mark.parametrize("name", CPU_MODELS)
def test_cortex_m_matches_quantized_module(ember_tool, zoo_exports, tmp_path, name):
    check_quantized(ember_tool, zoo_exports, tmp_path, name, "e8-he-cpu", steps=3, channels_last=True)


@pytest.mark.parametrize("name,target", NPU_CASES)
def test_npu_matches_quantized_module(ember_tool, zoo_exports, tmp_path, name, target):
    check_quantized(ember_tool, zoo_exports, tmp_path, name, target, steps=NPU_STEPS, channels_last=False)


def check_quantized(ember_tool, zoo_exports, tmp_path, name, target, steps, channels_last):
    """ember's run of the target's program against the quantized module the export
    converted: top-1 equal, the largest difference at most `steps` output steps."""
    result, pte, module, inputs = zoo_exports(name, target)
    done, got = run_ember(ember_tool, pte, inputs[0].numpy(), tmp_path, channels_last=channels_last)
    if (name, target) in GAPS:
        return check_gap(result, done, name, target)
    assert done.returncode == 0, f"{name}: ember cannot run it: {done.stderr.strip()}"
    assert result.report["operators"]["missing"] == []
    with torch.no_grad():
        expected = result.quantized_module(*inputs)
    expected = (expected[0] if isinstance(expected, (tuple, list)) else expected).numpy()
    got = logical(got, expected.shape)
    step = output_step(result.quantized_module)
    largest = float(np.abs(got - expected).max())
    print(f"{name} on {target}: largest difference {largest / step:.2f} output steps, "
          f"top-1 {'equal' if got.argmax() == expected.argmax() else 'differs'}")
    # a whole step computed in float32 can come out a hair above 1.0 steps
    assert largest / step <= steps + 1e-3, f"{name}: largest difference {largest / step:.1f} output steps"
    assert got.argmax() == expected.argmax()


@pytest.mark.usefixtures("qemu_system")
def test_float_transformer_in_the_firmware_is_byte_identical_to_the_host(zoo_exports, tmp_path):
    from ember.firmware import build, qemu

    result, pte, module, inputs = zoo_exports("transformer", "portable")
    image = build.build(pte, "qemu-an547", tmp_path, log=lambda m: None)
    run = qemu.run(image.elf, timeout=120)
    assert run.status == 0, run.output
    assert "3 of 3 cases passed" in run.output


@pytest.mark.usefixtures("qemu_system")
def test_npu_program_in_the_firmware_is_byte_identical_to_the_host(zoo_exports, tmp_path):
    from ember.firmware import build, qemu

    result, pte, module, inputs = zoo_exports("ds_cnn_kws", "e8-he")
    image = build.build(pte, "qemu-an547", tmp_path, log=lambda m: None)
    run = qemu.run(image.elf, timeout=120)
    assert run.status == 0, run.output
    assert "3 of 3 cases passed" in run.output
    assert "npu 0 " not in run.output  # the simulated NPU ran the command stream

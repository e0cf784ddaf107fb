"""The simulated Ethos-U85-256 (e8-hp-u85) against the TOSA reference model on
the very TOSA graph Vela compiled, bit for bit, as test_npu_vs_tosa_reference.py
does for the U55. The issue's two networks, which the U85 takes whole and the
U55 does not: an embedding-free transformer encoder block (LayerNorm,
two-head softmax attention with matmuls of two activations, GELU) and a
MobileNet-style segmentation CNN (depthwise-separable blocks, nearest resize,
a select), both also in the HP runner firmware in QEMU, bit-identical to the
host; then two suite models for the U85's weight order on depthwise and
part-kernel-first streams, OFM transposes, chained operations and scalars
with zero points, and one a16w8 model (int16 feature maps: 48-bit accumulators
with 15-bit scales). EMBER_U85_FULL_SUITE=1 runs every int8 suite model and
network besides (strides, dilation, fast-format weights, average pooling the
NPU divides, ...), the whole a16w8 suite (16-bit interpolated tables, ...)
and a token encoder whose nn.Embedding is the U85's gather DMA."""

import os

import pytest
import torch
from torch import nn

from ember.export import export_model
from ember.export.tests.test_u85_target import SegmentationCnn

from .models import SUITE, SUITE_A16W8
from .networks import NETWORKS
from .test_npu_vs_tosa_reference import SAMPLES, compare_with_reference


class EncoderBlock(nn.Module):
    """One pre-norm transformer encoder block over [1, tokens, dim] (no embedding)."""

    def __init__(self, dim=32, heads=2):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = (t.view(b, n, self.heads, self.head_dim).transpose(1, 2)
                   for t in self.qkv(self.ln1(x)).chunk(3, dim=-1))
        attention = torch.softmax(q @ k.transpose(-2, -1) / self.head_dim ** 0.5, dim=-1)
        x = x + self.proj((attention @ v).transpose(1, 2).reshape(b, n, d))
        return x + self.mlp(self.ln2(x))


ISSUE_NETWORKS = {"encoder_block": (EncoderBlock, (1, 8, 32)), "segmentation_cnn": (SegmentationCnn, (1, 3, 16, 16))}
SLICE = ("depthwise_relu6", "elementwise")
EVERYTHING = {**SUITE, **NETWORKS}
FULL = bool(os.environ.get("EMBER_U85_FULL_SUITE"))
MODELS = {**ISSUE_NETWORKS, **(EVERYTHING if FULL else {name: EVERYTHING[name] for name in SLICE})}


@pytest.mark.parametrize("name", list(MODELS))
def test_u85_output_equals_tosa_reference(ember_tool, tmp_path, request, name):
    """The issue's two networks also run in the HP runner firmware on the
    Cortex-M55 in QEMU, the simulated U85 inside the image: every output byte
    equals the host run's (so the TOSA reference's too)."""
    factory, shape = MODELS[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, "e8-hp-u85", "int8",
                                  memory_mode="Shared_Sram") == 0
    if name in ISSUE_NETWORKS:
        request.getfixturevalue("qemu_system")
        _assert_firmware_equals_host(tmp_path)


def _assert_firmware_equals_host(tmp_path):
    """compare_with_reference's program and inputs (model.pte, x.npy) built into
    the runner for qemu-an547: the chained results go to a pool the size of the
    host run's largest, and each case's outputs must be the host's bytes."""
    from ember.firmware import build, qemu

    image = build.build(tmp_path / "model.pte", "qemu-an547", tmp_path / "firmware", inputs=[tmp_path / "x.npy"],
                        case_count=SAMPLES, log=lambda m: None)
    assert image.board["npu"]["product"] == "Ethos-U85"
    chain = [p for p in image.plan.pools if p.name == "npu chain"]
    assert chain and chain[0].bytes > 0  # both networks chain operations (a table into a reduction, ...)
    run = qemu.run(image.elf, timeout=300)
    assert run.status == 0, run.output
    assert f"{SAMPLES} of {SAMPLES} cases passed" in run.output


INT16_MODELS = sorted(SUITE_A16W8) if FULL else ["a16w8_add_mul_sub_max"]


@pytest.mark.parametrize("name", INT16_MODELS)
def test_u85_int16_output_equals_tosa_reference(ember_tool, tmp_path, name):
    factory, shape = SUITE_A16W8[name]
    assert compare_with_reference(ember_tool, tmp_path, name, factory, shape, "e8-hp-u85", "int16",
                                  memory_mode="Shared_Sram") == 0


def _output_dequantization(pte: bytes) -> tuple[float, int]:
    """Scale and zero point of the program's one CPU dequantize (its float output)."""
    from executorch.exir._serialize._program import deserialize_pte_binary

    plan = deserialize_pte_binary(pte).program.execution_plan[0]
    (args,) = [instruction.instr_args.args for chain in plan.chains for instruction in chain.instructions
               if hasattr(instruction.instr_args, "op_index")
               and plan.operators[instruction.instr_args.op_index].name.endswith("dequantize_per_tensor")]
    return plan.values[args[1]].val.double_val, plan.values[args[2]].val.int_val


def test_u85_token_encoder_gathers_its_embedding_on_the_npu(ember_tool, tmp_path):
    """nn.Embedding on the U85: Vela's gather DMA (indexed source, 2-D) reads
    the int32 token ids (cast from int64 on the CPU) and copies each row; the
    whole encoder's float output equals the TOSA reference's int8 output,
    dequantized, exactly (it faulted before the gather DMA was modelled)."""
    import subprocess

    import numpy as np

    from ember.export.tests.test_u85_target import TokenEncoder

    from .tosa_reference import run_reference

    torch.manual_seed(0)
    calibration = [(torch.randint(0, 64, (1, 8)),) for _ in range(4)]
    result = export_model(TokenEncoder().eval(), calibration[0], "e8-hp-u85", calibration=calibration,
                          memory_mode="Shared_Sram", keep_dir=str(tmp_path / "keep"))
    (tosa_file,) = sorted((tmp_path / "keep" / "lowering").glob("output_tag*.tosa"))
    (tmp_path / "model.pte").write_bytes(result.pte)
    tokens = np.random.default_rng(0).integers(0, 64, size=(SAMPLES, 1, 8))
    np.save(tmp_path / "x.npy", tokens)
    run = subprocess.run([ember_tool, "run", tmp_path / "model.pte", "--input", tmp_path / "x.npy",
                          "--output", tmp_path / "y.npy"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    scale, zero_point = _output_dequantization(result.pte)
    reference = np.stack([run_reference(tosa_file, tokens[i].astype(np.int32), tmp_path / f"ref{i}")
                          for i in range(SAMPLES)])
    assert reference.dtype == np.int8
    expected = (reference.astype(np.float32) - zero_point) * np.float32(scale)
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy").reshape(SAMPLES, -1), expected.reshape(SAMPLES, -1))

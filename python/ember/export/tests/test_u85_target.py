"""e8-hp-u85: the Ethos-U85-256 of the E8, driven from the M55-HP core. Two small
models exported for it and for e8-hp (the HP core's Ethos-U55-256): the U85
takes what the U55's partitioner leaves to the CPU (gather, resize, comparisons,
select). Counts are read back from the written .pte, not from the report."""

import pytest
import torch
from torch import nn

from ember.export import export_model
from ember.export.pte_summary import summarize, vela_blocks


class TokenEncoder(nn.Module):
    """Token embedding (a gather), one pre-norm encoder block (LayerNorm,
    two-head attention with softmax, GELU MLP), mean pooling, a class head."""

    def __init__(self, vocab=64, seq=8, d=32, heads=2):
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.embed = nn.Embedding(vocab, d)
        self.position = nn.Parameter(torch.randn(1, seq, d) * 0.1)
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.head = nn.Linear(d, 4)

    def forward(self, tokens):
        x = self.embed(tokens) + self.position
        b, s, d = x.shape
        q, k, v = (t.view(b, s, self.heads, self.dh).transpose(1, 2)
                   for t in self.qkv(self.ln1(x)).chunk(3, dim=-1))
        attention = torch.softmax(q @ k.transpose(-2, -1) / self.dh ** 0.5, dim=-1)
        x = x + self.proj((attention @ v).transpose(1, 2).reshape(b, s, d))
        x = x + self.mlp(self.ln2(x))
        return self.head(x.mean(dim=1))


class SegmentationCnn(nn.Module):
    """MobileNet-style encoder (conv, depthwise-separable blocks) and a decoder
    that upsamples back (nearest resize) and masks weak scores (where)."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU6(),
            nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.ReLU6(), nn.Conv2d(8, 16, 1), nn.ReLU6())
        self.classes = nn.Conv2d(16, 3, 1)

    def forward(self, x):
        scores = nn.functional.interpolate(self.classes(self.encoder(x)), scale_factor=2, mode="nearest")
        return torch.where(scores > 0, scores, scores * 0.25)


MODELS = {
    "encoder": (TokenEncoder, lambda: (torch.randint(0, 64, (1, 8)),)),
    "cnn": (SegmentationCnn, lambda: (torch.rand(1, 3, 16, 16),)),
}


def _cpu_operators(pte: bytes) -> list[str]:
    """The CPU kernels of the written program, less the float I/O's own
    quantize/dequantize (every target has those)."""
    names = summarize(pte)["methods"][0]["cpu_operators"]
    return [n for n in names if not n.startswith("quantized_decomposed::")]


@pytest.fixture(scope="module")
def exports():
    results = {}
    for name, (model_class, make_inputs) in MODELS.items():
        for target in ("e8-hp", "e8-hp-u85"):
            torch.manual_seed(0)
            inputs = make_inputs()
            calibration = [make_inputs() for _ in range(4)]
            # one placement estimated per export except the one the report test reads
            mode = "auto" if (name, target) == ("encoder", "e8-hp-u85") else "Shared_Sram"
            results[name, target] = export_model(model_class().eval(), inputs, target,
                                                 calibration=calibration, memory_mode=mode)
    return results


# The int64 token ids are cast to int32 on the CPU for either NPU (an I/O cast).
EXPECTED_CPU = {
    ("encoder", "e8-hp"): ["dim_order_ops::_to_dim_order_copy.out", "aten::index_select.out"],
    ("encoder", "e8-hp-u85"): ["dim_order_ops::_to_dim_order_copy.out"],
    ("cnn", "e8-hp"): ["aten::upsample_nearest2d.vec_out", "aten::gt.Tensor_out", "aten::where.self_out"],
    ("cnn", "e8-hp-u85"): [],
}


@pytest.mark.parametrize("name", MODELS)
def test_u85_leaves_fewer_operators_on_the_cpu_than_the_u55(exports, name):
    u55 = _cpu_operators(exports[name, "e8-hp"].pte)
    u85 = _cpu_operators(exports[name, "e8-hp-u85"].pte)
    print(f"{name}: CPU operators e8-hp {len(u55)} {u55}, e8-hp-u85 {len(u85)} {u85}")
    assert u85 == EXPECTED_CPU[name, "e8-hp-u85"]
    assert u55 == EXPECTED_CPU[name, "e8-hp"]


def test_u85_program_is_compiled_for_the_u85_256(exports):
    """The COP1 optimizer-config word names the product (2: Ethos-U85) and
    log2(256 MACs), as Vela's regor writes it (ArchEthosU85::ConfigRegister)."""
    from executorch.exir._serialize._program import deserialize_pte_binary

    for name in MODELS:
        program = deserialize_pte_binary(exports[name, "e8-hp-u85"].pte).program
        cmd = vela_blocks(bytes(program.backend_delegate_data[0].data))["cmd_data"]
        assert cmd[:4] == b"COP1"
        config = int.from_bytes(cmd[8:12], "little")
        assert config >> 28 == 2 and config & 0xF == 8


def test_u85_report_has_placement_and_estimate(exports):
    report = exports["encoder", "e8-hp-u85"].report
    assert report["target"]["accelerator"] == "ethos-u85-256"
    assert report["placement"]["system_config"] == "Alif_E8_HP_U85"
    est = report["estimate"]
    assert set(est["by_memory_mode"]) == {"Shared_Sram", "Sram_Only"}
    assert est["total_cycles"] == min(est["by_memory_mode"].values()) > 0
    assert est["latency_ms"] == pytest.approx(est["total_cycles"] / 400e3)

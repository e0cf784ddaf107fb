"""Exports of small models, checked by parsing the written .pte (not by trusting
the exporter's own bookkeeping)."""

import pytest
import torch

from ember.export import export_model
from ember.export.pte_summary import summarize, vela_blocks

from .conftest import PartlyOnCpu, ResidualBlock, seeded


@pytest.mark.parametrize("target", ["e8-he", "e8-hp"])
def test_conv_net_is_one_ethos_u_delegate_with_no_cpu_operator(conv_exports, target):
    pte = conv_exports[target].pte
    forward = summarize(pte)["methods"][0]
    assert forward["cpu_operators"] == []
    assert [d["backend"] for d in forward["delegates"]] == ["EthosUBackend"]
    delegate = forward["delegates"][0]
    assert delegate["payload_kind"] == "vela_bin_stream"
    assert delegate["command_stream_bytes"] > 0 and delegate["weight_bytes"] > 0


def test_targets_differ_in_npu_configuration(conv_exports):
    """e8-he compiles for U55-128, e8-hp for U55-256: the COP1 CONFIG word says so."""
    configs = {}
    for target, result in conv_exports.items():
        from executorch.exir._serialize._program import deserialize_pte_binary
        program = deserialize_pte_binary(result.pte).program
        cmd = vela_blocks(bytes(program.backend_delegate_data[0].data))["cmd_data"]
        assert cmd[:4] == b"COP1"
        configs[target] = int.from_bytes(cmd[8:12], "little")
    assert configs["e8-he"] & 0xF == 7  # log2(128 MACs)
    assert configs["e8-hp"] & 0xF == 8  # log2(256 MACs)


def test_int8_io_parameters_agree_between_report_and_pte(conv_exports):
    result = conv_exports["e8-he"]
    constants = summarize(result.pte)["constant_methods"]
    io = result.report["io_quantization"]
    assert set(io) == {"input0", "output0"}
    for name, q in io.items():
        assert constants[f"{name}_scale"] == pytest.approx(q["scale"], rel=0, abs=0)
        assert constants[f"{name}_zp"] == q["zero_point"]
        assert constants[f"{name}_quant_min"] == -128 and constants[f"{name}_quant_max"] == 127


def test_report_content(conv_exports):
    for target, result in conv_exports.items():
        r = result.report
        est = r["estimate"]
        assert r["target"]["name"] == target
        assert r["placement"]["memory_mode"] in ("Shared_Sram", "Sram_Only")
        assert set(est["by_memory_mode"]) == {"Shared_Sram", "Sram_Only"}
        # auto is never worse than any fixed placement
        assert est["total_cycles"] == min(est["by_memory_mode"].values())
        assert est["total_cycles"] == sum(layer["cycles"] for layer in est["layers"])
        assert est["macs"] > 0 and 0 < est["mac_bound_cycles"] <= est["total_cycles"]
        assert est["latency_ms"] == pytest.approx(est["total_cycles"] / (r["target"]["npu_clock_mhz"] * 1e3))
        assert r["operators"]["cpu"] == []
        assert any("convolution" in name for name in r["operators"]["npu"])
        assert r["sizes"]["pte"] == len(result.pte)
        assert r["sizes"]["scratch"] > 0
        assert r["versions"]["executorch"] and r["versions"]["ethos-u-vela"]


def test_residual_block_with_batchnorm_exports_fully_to_the_npu():
    inputs = (torch.rand(1, 8, 8, 8),)
    result = export_model(seeded(ResidualBlock), inputs, "e8-he", memory_mode="Shared_Sram")
    forward = summarize(result.pte)["methods"][0]
    assert [d["backend"] for d in forward["delegates"]] == ["EthosUBackend"]
    # float I/O: only the input quantize and the output dequantize run on the CPU
    assert sorted(forward["cpu_operators"]) == [
        "quantized_decomposed::dequantize_per_tensor.out",
        "quantized_decomposed::quantize_per_tensor.out"]
    assert result.report["placement"]["reason"] == "chosen with --memory-mode"


def test_op_the_npu_declines_stays_on_the_cpu(tmp_path):
    result = export_model(seeded(PartlyOnCpu), (torch.rand(1, 3, 8, 8),), "e8-he",
                          keep_dir=str(tmp_path / "keep"))
    cpu = result.report["operators"]["cpu"]
    assert any(name.startswith("aten.") for name in cpu), cpu
    kernels = summarize(result.pte)["methods"][0]["cpu_operators"]
    assert any(k.startswith("aten::") for k in kernels), kernels
    # the TOSA graph Vela compiled is kept for the simulator's reference checks
    assert list((tmp_path / "keep").rglob("*.tosa"))


def test_portable_target_has_no_delegate_and_float_ops():
    result = export_model(seeded(PartlyOnCpu), (torch.rand(1, 3, 8, 8),), "portable")
    forward = summarize(result.pte)["methods"][0]
    assert forward["delegates"] == []
    assert "aten::convolution.out" in forward["cpu_operators"]
    assert "estimate" not in result.report


def test_portable_target_transposes_linear_weights_at_export_not_per_inference():
    """to_edge turns a float Linear into addmm(bias, x, permute_copy(weight)); the
    weight's transpose is computed once at export, and the program still computes
    the module's function (upstream's runtime runs it)."""
    from executorch.runtime import Runtime

    mlp = seeded(lambda: torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4)))
    x = torch.rand(3, 8)
    result = export_model(mlp, (x,), "portable")
    kernels = summarize(result.pte)["methods"][0]["cpu_operators"]
    assert "aten::permute_copy.out" not in kernels, kernels
    assert kernels.count("aten::addmm.out") >= 1, kernels
    method = Runtime.get().load_program(result.pte).load_method("forward")
    torch.testing.assert_close(method.execute([x])[0], mlp(x).detach(), rtol=1e-6, atol=1e-6)


class ImplicitStridePool(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        return torch.nn.functional.max_pool2d(torch.relu(self.conv(x)), 2)  # stride left to its default


def test_pool_with_its_default_stride_goes_to_the_npu():
    """Upstream's U55 partitioner reads a pool's stride argument, which `max_pool2d(x, 2)`
    leaves out (IndexError, the lowering failed); the export writes the default out."""
    result = export_model(seeded(ImplicitStridePool), (torch.rand(1, 3, 8, 8),), "e8-he", memory_mode="Shared_Sram")
    assert not any("pool" in name for name in result.report["operators"]["cpu"])
    assert any("max_pool2d" in name for name in result.report["operators"]["npu"])

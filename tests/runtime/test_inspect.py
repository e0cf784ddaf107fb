"""`ember inspect` on upstream's own files."""

import json

import pytest

from .conftest import FIXTURES, run_tool


@pytest.mark.parametrize("name", ["mnist_ethosu_u55_128_a.pte", "mnist_ethosu_u55_128_b.pte"])
def test_upstream_mnist_fixture_structure(ember_tool, name):
    info = json.loads(run_tool(ember_tool, "inspect", FIXTURES / name, "--json").stdout)
    (forward,) = info["methods"]
    assert [i["name"] for i in forward["instructions"]] == [
        "cortex_m::quantize_per_tensor.out", "EthosUBackend", "cortex_m::dequantize_per_tensor.out"]
    assert forward["non_const_buffer_sizes"] == [0, 3920]
    (delegate,) = forward["delegates"]
    assert delegate["backend"] == "EthosUBackend" and delegate["location"] == "inline"
    assert delegate["command_stream_bytes"] == 2984
    assert delegate["scratch_bytes"] == 104160
    assert delegate["weight_bytes"] == {"mnist_ethosu_u55_128_a.pte": 108048,
                                        "mnist_ethosu_u55_128_b.pte": 108016}[name]
    assert forward["inputs"][0]["shape"] == [1, 1, 28, 28] and forward["inputs"][0]["dtype"] == "float32"
    assert forward["outputs"][0]["shape"] == [1, 10]


def test_text_output_names_the_pieces(ember_tool):
    text = run_tool(ember_tool, "inspect", FIXTURES / "mnist_ethosu_u55_128_a.pte").stdout
    assert "cortex_m::quantize_per_tensor.out" in text
    assert "delegate EthosUBackend" in text
    assert "non_const_buffer_sizes [0, 3920]" in text


@pytest.mark.parametrize("name", ["mnist_ethosu_u55_128_a.pte", "mnist_ethosu_u55_128_b.pte"])
def test_upstream_delegated_fixture_runs_on_the_simulated_npu(ember_tool, name):
    result = run_tool(ember_tool, "run", FIXTURES / name)
    assert "NPU (simulated Ethos-U55-128)" in result.stdout
    assert "output 0: float32 [1, 10]" in result.stdout


def test_corrupt_file_is_rejected_with_a_name(ember_tool, tmp_path):
    data = bytearray((FIXTURES / "add_portable_fp32.pte").read_bytes())
    data[4:8] = b"ET11"
    bad = tmp_path / "old.pte"
    bad.write_bytes(bytes(data))
    result = run_tool(ember_tool, "inspect", bad, check=False)
    assert result.returncode == 2
    assert "incompatible program version: the file is ET11, this runtime reads ET12" in result.stderr
    assert "IncompatibleVersion" in result.stderr


def test_wrong_input_shape_is_named(ember_tool, tmp_path):
    import numpy as np
    path = tmp_path / "x.npy"
    np.save(path, np.zeros((2, 2), np.float32))  # 4 elements, and not a batch of [1] inputs
    result = run_tool(ember_tool, "run", FIXTURES / "add_portable_fp32.pte", "--input", path,
                      "--input", path, check=False)
    assert result.returncode == 2 and "4 elements, the input takes 1" in result.stderr

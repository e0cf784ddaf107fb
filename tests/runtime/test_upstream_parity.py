"""ember's C++ runtime against upstream's own runtime (executorch.runtime in the
pip package) on the same programs and inputs."""

import sys

import numpy as np
import pytest
import torch

from .conftest import FIXTURES, REPO, run_tool


def upstream_outputs(pte_path, inputs):
    from executorch.runtime import Runtime

    method = Runtime.get().load_program(str(pte_path)).load_method("forward")
    return [t.numpy() for t in method.execute([torch.from_numpy(x) for x in inputs])]


def ember_output(tool, pte_path, inputs, tmp_path):
    args = []
    for i, x in enumerate(inputs):
        path = tmp_path / f"in{i}.npy"
        np.save(path, x)
        args += ["--input", path]
    out = tmp_path / "out.npy"
    run_tool(tool, "run", pte_path, *args, "--output", out)
    return np.load(out)


def test_add_fixture_matches_upstream(ember_tool, tmp_path):
    pte = FIXTURES / "add_portable_fp32.pte"
    rng = np.random.default_rng(1)
    for _ in range(3):
        inputs = [rng.standard_normal(1).astype(np.float32) for _ in range(2)]
        expected = upstream_outputs(pte, inputs)[0]
        np.testing.assert_array_equal(ember_output(ember_tool, pte, inputs, tmp_path), expected)


@pytest.fixture(scope="module")
def float_mnist(tmp_path_factory):
    """The MNIST example (untrained, seeded) exported without quantization or delegate."""
    sys.path.insert(0, str(REPO / "examples" / "mnist"))
    import model as mnist
    from ember.export import export_model

    torch.manual_seed(0)
    result = export_model(mnist.model().eval(), mnist.example_inputs(), "portable")
    path = tmp_path_factory.mktemp("float_mnist") / "mnist_float.pte"
    path.write_bytes(result.pte)
    return path


def test_float_mnist_matches_upstream(ember_tool, float_mnist, tmp_path):
    rng = np.random.default_rng(2)
    for _ in range(3):
        x = rng.random((1, 1, 28, 28), dtype=np.float32)
        expected = upstream_outputs(float_mnist, [x])[0]
        got = ember_output(ember_tool, float_mnist, [x], tmp_path)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
        assert got.argmax() == expected.argmax()

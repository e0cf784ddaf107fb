"""aten::avg_pool2d (ember's portable kernel) against upstream's runtime on the
same float programs: padding with and without count_include_pad, ceil_mode,
divisor_override, strides above the kernel and the U55-declined stride > 3."""

import numpy as np
import pytest
import torch
from torch import nn

from tests.runtime.test_upstream_parity import ember_output, upstream_outputs

CASES = {
    "k4s4": dict(kernel_size=4, stride=4),
    "k3s2_pad1": dict(kernel_size=3, stride=2, padding=1),
    "k3s2_pad1_exclude_pad": dict(kernel_size=3, stride=2, padding=1, count_include_pad=False),
    "k3s2_ceil": dict(kernel_size=3, stride=2, ceil_mode=True),
    "k3s2_ceil_pad1_exclude": dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    "k2x5_s1x5_divisor": dict(kernel_size=(2, 5), stride=(1, 5), divisor_override=3),
}


class Pool(nn.Module):
    def __init__(self, **kwargs):
        super().__init__()
        self.pool = nn.AvgPool2d(**kwargs)

    def forward(self, x):
        return self.pool(x)


@pytest.mark.parametrize("name", sorted(CASES))
def test_avg_pool2d_matches_upstream(ember_tool, tmp_path, name):
    from ember.export import export_model

    x = np.random.default_rng(3).standard_normal((1, 3, 11, 13)).astype(np.float32)
    result = export_model(Pool(**CASES[name]).eval(), (torch.from_numpy(x),), "portable")
    pte = tmp_path / "pool.pte"
    pte.write_bytes(result.pte)
    expected = upstream_outputs(pte, [x])[0]
    got = ember_output(ember_tool, pte, [x], tmp_path)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)

"""ember's cortex_m:: kernels against upstream's reference implementations, bit
for bit, on shapes that reach the edges: odd channel counts, padding, strides,
depth multipliers, saturation (inputs far outside the calibrated range).
Dilated convolution is checked in src/kernels/cortex_m/test: upstream's reference
cannot run it (torch has no int32 dilated convolution on the CPU)."""

import pytest
import torch
from torch import nn

from tests.kernels.cortex_m_programs import assert_bit_exact, export


def rand(*shape, scale=1.0):
    return (torch.rand(*shape) * 2 - 1) * scale


def cases(shape, n=3):
    """Calibration inside [-1, 1]; tests also far outside it, so outputs saturate."""
    g = torch.Generator().manual_seed(1)
    calibration = [((torch.rand(*shape, generator=g) * 2 - 1),) for _ in range(4)]
    tests = [((torch.rand(*shape, generator=g) * 2 - 1) * s,) for s in (1.0, 4.0, 0.05)[:n]]
    return calibration, tests


def check(tool, tmp_path, module, shape, kernel):
    calibration, tests = cases(shape)
    exported = export(module, calibration[0], calibration, tests)
    assert f"cortex_m::{kernel}.out" in exported.kernels, exported.kernels
    assert_bit_exact(tool, exported, tmp_path)


class ConvRelu(nn.Module):
    def __init__(self, *args, relu=True, **kwargs):
        super().__init__()
        torch.manual_seed(0)
        self.conv = nn.Conv2d(*args, **kwargs)
        self.relu = relu

    def forward(self, x):
        y = self.conv(x)
        return torch.relu(y) if self.relu else y


@pytest.mark.parametrize("cin,cout,k,stride,pad,dil,groups,hw", [
    (3, 5, 3, 1, 1, 1, 1, (9, 7)),      # odd channels, same padding
    (7, 13, 3, 2, 1, 1, 1, (11, 10)),   # stride 2, odd sizes
    (16, 8, (3, 5), (1, 2), (0, 2), 1, 1, (8, 12)),
    (17, 33, 1, 1, 0, 1, 1, (4, 5)),    # 1x1, channels not a multiple of 16
    (8, 4, 3, 1, 1, 1, 2, (6, 6)),      # groups
])
def test_conv2d(ember_tool, tmp_path, cin, cout, k, stride, pad, dil, groups, hw):
    module = ConvRelu(cin, cout, k, stride=stride, padding=pad, dilation=dil, groups=groups, relu=False)
    check(ember_tool, tmp_path, module, (1, cin, *hw), "quantized_conv2d")


@pytest.mark.parametrize("cin,mult,k,stride,pad,hw", [
    (5, 1, 3, 1, 1, (7, 9)),
    (6, 2, 3, 2, 1, (10, 9)),
    (1, 16, 3, 1, 1, (8, 8)),    # what MNIST's first layer becomes
    (9, 1, (5, 3), 1, (2, 0), (7, 6)),
])
def test_depthwise_conv2d(ember_tool, tmp_path, cin, mult, k, stride, pad, hw):
    module = ConvRelu(cin, cin * mult, k, stride=stride, padding=pad, groups=cin)
    check(ember_tool, tmp_path, module, (1, cin, *hw), "quantized_depthwise_conv2d")


class ConvPool(nn.Module):
    def __init__(self, c, k, stride, pad):
        super().__init__()
        torch.manual_seed(0)
        self.conv = nn.Conv2d(3, c, 1)
        self.pool = nn.MaxPool2d(k, stride, pad)

    def forward(self, x):
        return self.pool(self.conv(x))


@pytest.mark.parametrize("c,k,stride,pad,hw", [
    (5, 2, 2, 0, (8, 8)),
    (19, 3, 2, 1, (9, 7)),
    (3, (3, 2), (1, 2), (1, 0), (6, 7)),
])
def test_max_pool2d(ember_tool, tmp_path, c, k, stride, pad, hw):
    check(ember_tool, tmp_path, ConvPool(c, k, stride, pad), (1, 3, *hw), "quantized_max_pool2d")


class Mlp(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        torch.manual_seed(0)
        self.layers = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])

    def forward(self, x):
        return self.layers(x)


@pytest.mark.parametrize("shape,sizes", [
    ((1, 37), [37, 19, 5]),
    ((3, 64), [64, 17]),        # several rows
    ((2, 3, 20), [20, 33]),     # leading dims
])
def test_linear(ember_tool, tmp_path, shape, sizes):
    check(ember_tool, tmp_path, Mlp(sizes), shape, "quantized_linear")

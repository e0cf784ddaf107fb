"""ember's cortex_m:: kernels against upstream's reference implementations, bit
for bit, on shapes that reach the edges: odd channel counts, padding, strides,
dilation, groups, batches, depth multipliers, saturation (inputs far outside the
calibrated range)."""

import pytest
import torch
from torch import nn

from tests.kernels.cortex_m_programs import assert_bit_exact, export


def rand(*shape, scale=1.0):
    return (torch.rand(*shape) * 2 - 1) * scale


def cases(shapes):
    """Calibration inside [-1, 1]; tests also far outside it, so outputs saturate."""
    g = torch.Generator().manual_seed(1)

    def sample(scale):
        return tuple((torch.rand(*s, generator=g) * 2 - 1) * scale for s in shapes)

    return [sample(1.0) for _ in range(4)], [sample(s) for s in (1.0, 4.0, 0.05)]


def check(tool, tmp_path, module, shape, kernel, steps=0):
    """shape: one input's shape, or a list of them."""
    shapes = shape if isinstance(shape, list) else [shape]
    calibration, tests = cases(shapes)
    exported = export(module, calibration[0], calibration, tests)
    assert f"cortex_m::{kernel}.out" in exported.kernels, exported.kernels
    assert_bit_exact(tool, exported, tmp_path, steps)


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
    (5, 6, 3, 1, 2, 2, 1, (9, 9)),      # dilation
    (6, 4, (3, 2), (2, 1), (1, 1), (2, 3), 1, (11, 9)),
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


def test_depthwise_with_a_batch_is_a_grouped_conv2d(ember_tool, tmp_path):
    """Upstream emits its depthwise kernel only for batch 1; a batch of 2 becomes a
    quantized_conv2d with one group per channel."""
    module = ConvRelu(4, 8, 3, padding=1, groups=4)
    check(ember_tool, tmp_path, module, (2, 4, 6, 5), "quantized_conv2d")


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


class Binary(nn.Module):
    def __init__(self, fn, relu=False):
        super().__init__()
        self.fn, self.relu = fn, relu

    def forward(self, x, y):
        z = self.fn(x, y)
        return torch.relu(z) if self.relu else z


# The shapes upstream converts add and mul for: equal, or one operand per channel.
ADD_MUL_SHAPES = [
    [(1, 5, 6, 7), (1, 5, 6, 7)],
    [(1, 19, 3, 4), (1, 19, 1, 1)],   # per-channel operand (NHWC runs of 19)
    [(1, 19, 1, 1), (1, 19, 3, 4)],   # ... first
    [(3, 37), (3, 37)],
]
BROADCASTS = ADD_MUL_SHAPES + [
    [(1, 8, 5, 5), (1, 1, 5, 5)],     # broadcast over channels
    [(4, 9), (1, 9)],
    [(2, 1, 9), (3, 1)],              # both operands broadcast
]


@pytest.mark.parametrize("shapes", ADD_MUL_SHAPES)
@pytest.mark.parametrize("relu", [False, True])
def test_add(ember_tool, tmp_path, shapes, relu):
    check(ember_tool, tmp_path, Binary(torch.add, relu), shapes, "quantized_add")


@pytest.mark.parametrize("shapes", ADD_MUL_SHAPES)
def test_mul(ember_tool, tmp_path, shapes):
    check(ember_tool, tmp_path, Binary(torch.mul), shapes, "quantized_mul")


@pytest.mark.parametrize("shapes", BROADCASTS)
@pytest.mark.parametrize("fn,kernel", [(torch.minimum, "minimum"), (torch.maximum, "maximum")])
def test_minimum_maximum(ember_tool, tmp_path, shapes, fn, kernel):
    check(ember_tool, tmp_path, Binary(fn), shapes, kernel)


class Unary(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


@pytest.mark.parametrize("fn", [torch.sigmoid, torch.tanh, nn.functional.silu])
def test_activation_table(ember_tool, tmp_path, fn):
    check(ember_tool, tmp_path, Unary(fn), (2, 77), "quantized_activation")


@pytest.mark.parametrize("fn", [torch.relu, lambda x: torch.clamp(x, 0, 6), lambda x: torch.clamp(x, -0.5, 0.25)])
def test_clamp_of_the_quantized_tensor(ember_tool, tmp_path, fn):
    """A lone ReLU or clamp stays aten::clamp.out on int8 values with int bounds
    (generated graphs of python -m ember.difftest --cpu: ember took float only)."""
    calibration, tests = cases([(1, 8, 5, 3)])
    exported = export(Unary(fn), calibration[0], calibration, tests)
    assert "aten::clamp.out" in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)


class LinearThen(nn.Module):
    def __init__(self, features, out, then):
        super().__init__()
        torch.manual_seed(0)
        self.fc = nn.Linear(features, out)
        self.then = then

    def forward(self, x):
        return self.then(self.fc(x.reshape(1, -1)))


def test_maximum_of_the_quantized_tensor(ember_tool, tmp_path):
    """maximum(y, y) after a linear layer stays aten::maximum.out on int8 values
    (generated graph 37 of seed 5, python -m ember.difftest --cpu: ember took float only)."""
    calibration, tests = cases([(1, 27, 13, 1)])
    exported = export(LinearThen(27 * 13, 40, lambda y: torch.maximum(y, y)), calibration[0], calibration, tests)
    assert "aten::maximum.out" in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)


@pytest.mark.parametrize("shape", [(1, 10), (3, 37), (2, 3, 300)])
def test_softmax(ember_tool, tmp_path, shape):
    """Upstream's reference is float softmax, CMSIS-NN's fixed point: one step apart at most."""
    check(ember_tool, tmp_path, Unary(lambda x: torch.softmax(x, dim=-1)), shape, "softmax", steps=1)


@pytest.mark.parametrize("shape,perm", [((5, 7), (1, 0)), ((2, 3, 17), (0, 2, 1)), ((2, 3, 4, 5), (0, 3, 1, 2))])
def test_transpose(ember_tool, tmp_path, shape, perm):
    check(ember_tool, tmp_path, Unary(lambda x: x.permute(perm)), shape, "transpose")


@pytest.mark.parametrize("shape,padding", [((1, 3, 5, 6), (1, 2, 0, 1)), ((2, 9, 4), (3, 0, 1, 1)), ((1, 5, 4, 4), (0, 0, 0, 0, 1, 2))])
def test_pad(ember_tool, tmp_path, shape, padding):
    check(ember_tool, tmp_path, Unary(lambda x: nn.functional.pad(x, padding, value=0.25)), shape, "pad")


@pytest.mark.parametrize("shapes", [[(1, 4, 9), (1, 9, 5)], [(3, 17, 33), (3, 33, 6)]])
def test_batch_matmul(ember_tool, tmp_path, shapes):
    check(ember_tool, tmp_path, Binary(torch.bmm), shapes, "quantized_batch_matmul")


class ConvThen(nn.Module):
    def __init__(self, cin, c, then):
        super().__init__()
        torch.manual_seed(0)
        self.conv = nn.Conv2d(cin, c, 1)
        self.then = then

    def forward(self, x):
        return self.then(self.conv(x))


@pytest.mark.parametrize("c,k,stride,pad,include_pad,hw", [
    (5, 2, 2, 0, True, (8, 8)),
    (19, 3, 2, 1, False, (9, 7)),
    (7, 3, 1, 1, True, (6, 6)),           # count_include_pad: a cortex_m::pad first
    (3, (25, 5), (25, 5), 0, True, (25, 5)),  # the window the Ethos-U partitioner declines
])
def test_avg_pool2d(ember_tool, tmp_path, c, k, stride, pad, include_pad, hw):
    """Bit for bit with the device's arithmetic (CMSIS-NN divides the int8 sum
    rounding half away from zero), which the reference computes in place of
    upstream's float average (ember/verify/cortex_m_reference.py)."""
    pool = nn.AvgPool2d(k, stride, pad, count_include_pad=include_pad)
    check(ember_tool, tmp_path, ConvThen(3, c, pool), (1, 3, *hw), "quantized_avg_pool2d")


@pytest.mark.parametrize("cin,cout,k,stride,pad,out_pad,hw", [
    (4, 6, 3, 2, 1, 0, (5, 4)),    # (upstream declines output_padding != 0)
    (3, 5, 2, 2, 0, 0, (4, 4)),
    (17, 3, 3, 1, 1, 0, (3, 5)),
])
def test_transpose_conv2d(ember_tool, tmp_path, cin, cout, k, stride, pad, out_pad, hw):
    torch.manual_seed(0)
    deconv = nn.ConvTranspose2d(cin, cout, k, stride=stride, padding=pad, output_padding=out_pad)
    check(ember_tool, tmp_path, Unary(deconv), (1, cin, *hw), "quantized_transpose_conv2d")


COMPARISONS = [torch.gt, torch.ge, torch.lt, torch.le, torch.eq, torch.ne]


@pytest.mark.parametrize("compare", COMPARISONS, ids=lambda f: f.__name__)
def test_select_on_a_comparison_of_the_quantized_tensor(ember_tool, tmp_path, compare):
    """where(y > 0, y, 0.5) after a conv stays aten::full_like/gt/where on int8 values,
    channels-last (the generator's where node, python -m ember.difftest --cpu: ember
    took float only, and refused full_like on a channels-last tensor)."""
    module = ConvThen(3, 6, lambda y: torch.where(compare(y, torch.zeros_like(y)), y, torch.full_like(y, 0.5)))
    calibration, tests = cases([(1, 3, 5, 4)])
    exported = export(module, calibration[0], calibration, tests)
    for kernel in ("aten::full_like.out", f"aten::{compare.__name__}.Tensor_out", "aten::where.self_out"):
        assert kernel in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)


@pytest.mark.parametrize("reduce,dims", [(torch.amax, 1), (torch.amin, 2), (torch.amax, (2, 3))])
def test_extreme_of_the_quantized_tensor(ember_tool, tmp_path, reduce, dims):
    """amax/amin after a conv stay aten:: kernels on int8 values, channels-last in memory."""
    calibration, tests = cases([(1, 3, 7, 5)])
    exported = export(ConvThen(3, 6, lambda y: reduce(y, dims, keepdim=True)), calibration[0], calibration, tests)
    assert f"aten::{reduce.__name__}.out" in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)


@pytest.mark.parametrize("dim,index", [(1, [4, 0, 4]), (2, [6]), (3, [0, 1, 1, 3, 2])])
def test_index_select_of_the_quantized_tensor(ember_tool, tmp_path, dim, index):
    """index_select after a conv stays aten::index_select on int8 values (the
    generator's gather node: ember had no kernel)."""
    calibration, tests = cases([(1, 3, 7, 5)])
    module = ConvThen(3, 6, lambda y: torch.index_select(y, dim, torch.tensor(index)))
    exported = export(module, calibration[0], calibration, tests)
    assert "aten::index_select.out" in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)


@pytest.mark.parametrize("shape", [(1, 4, 5, 6), (2, 37)])
def test_hardsigmoid_left_in_float(ember_tool, tmp_path, shape):
    """A hardsigmoid of the input stays aten::hardsigmoid on float values between a
    dequantize and a quantize (upstream's runtime has no hardsigmoid kernel)."""
    calibration, tests = cases([shape])
    calibration = [tuple(x * 4 for x in sample) for sample in calibration]  # past +-3, where it saturates
    exported = export(Unary(nn.functional.hardsigmoid), calibration[0], calibration, tests)
    assert "aten::hardsigmoid.out" in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)


def test_layer_norm_of_channels_last_values(ember_tool, tmp_path):
    """LayerNorm over W of the 4-D input stays aten::native_layer_norm in float on a
    channels-last input: python -m ember.difftest --cpu refused it (the U85
    flavour's layernorm node). A channels-last out: kernels_portable_test."""
    torch.manual_seed(0)
    norm = nn.LayerNorm(6)
    nn.init.uniform_(norm.weight, 0.5, 1.5)
    nn.init.uniform_(norm.bias, -0.5, 0.5)
    calibration, tests = cases([(1, 4, 5, 6)])
    exported = export(Unary(norm), calibration[0], calibration, tests)
    assert "aten::native_layer_norm.out" in exported.kernels, exported.kernels
    assert_bit_exact(ember_tool, exported, tmp_path)

"""Small models, one per operator family the Ethos-U55 runs."""

import torch
from torch import nn


class Conv(nn.Module):
    def __init__(self, stride=1, padding=1, dilation=1, cin=3, cout=8):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=padding, dilation=dilation)

    def forward(self, x):
        return torch.relu(self.conv(x))


class Depthwise(nn.Module):
    def __init__(self):
        super().__init__()
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.pw = nn.Conv2d(8, 16, 1)

    def forward(self, x):
        return self.pw(torch.clamp(self.dw(x), 0, 6))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 40), nn.ReLU(), nn.Linear(40, 7))

    def forward(self, x):
        return self.body(x)


class Pools(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 1)
        self.max = nn.MaxPool2d(3, stride=2, padding=1)
        self.avg = nn.AvgPool2d(2)

    def forward(self, x):
        return self.avg(self.max(self.conv(x)))


class PaddedAverage(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 1)
        self.avg = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)

    def forward(self, x):
        return self.avg(self.conv(x))


class Elementwise(nn.Module):
    """add / sub / mul with different input scales, broadcast, min/max."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 8, 1)
        self.b = nn.Conv2d(3, 8, 1)

    def forward(self, x):
        a, b = self.a(x), 3.0 * self.b(x)
        s = a + b
        d = a - b.mean(dim=(2, 3), keepdim=True)
        return torch.maximum(s * d, torch.minimum(a, b))


class PaddedMax(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 1)
        self.max = nn.MaxPool2d(3, stride=2, padding=1)

    def forward(self, x):
        return self.max(self.conv(x))


class EqualScales(nn.Module):
    """add with equal input scales (a transposed copy shares its quantization),
    mul with a per-channel broadcast operand."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 1)

    def forward(self, x):
        a = self.conv(x)
        s = a + a.permute(0, 1, 3, 2)
        return s * a.mean(dim=(2, 3), keepdim=True)


class Activations(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        y = self.conv(x)
        return torch.cat([torch.sigmoid(y), torch.tanh(y), torch.clamp(y, -0.5, 0.5)], dim=1)


class Layout(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 1)

    def forward(self, x):
        y = self.conv(x)
        return torch.cat([y, y.permute(0, 1, 3, 2)], dim=1).reshape(1, 12, -1)


class PointwiseChain(nn.Module):
    """1x1 convolutions on 16- and 24-deep inputs: Vela streams their weights
    depth-first, each OFM channel padded to a whole 32-deep IFM block (16 with
    int16 activations)."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 16, 1), nn.ReLU(), nn.Conv2d(16, 24, 1), nn.ReLU(),
                                  nn.Conv2d(24, 8, 1), nn.ReLU(), nn.Conv2d(8, 12, 1))

    def forward(self, x):
        return self.body(x)


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8)
        self.c2, self.b2 = nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8)

    def forward(self, x):
        return torch.relu(x + self.b2(self.c2(torch.relu(self.b1(self.c1(x))))))


class ElementwiseOnInput(nn.Module):
    """add / mul / sub of a broadcast mean / max straight on the input. (With a16w8,
    upstream feeds an ADD after a CONV the raw 32-bit accumulator through a RESCALE
    the TOSA reference rejects as out of range: those graphs have no reference.)"""

    def forward(self, x):
        y = x.permute(0, 1, 3, 2)
        return torch.cat([x + y, x * y, x - y.mean(dim=(2, 3), keepdim=True), torch.maximum(x, y)], dim=1)


class SigmoidTanh(nn.Module):
    def forward(self, x):
        return torch.cat([torch.sigmoid(x), torch.tanh(x)], dim=1)


# name -> (module factory, input shape)
SUITE = {
    "conv_stride1_pad1": (lambda: Conv(), (1, 3, 12, 12)),
    "conv_stride2": (lambda: Conv(stride=2), (1, 3, 13, 13)),
    "conv_dilation2": (lambda: Conv(padding=2, dilation=2), (1, 3, 12, 12)),
    "conv_deep_input": (lambda: Conv(cin=40, cout=24), (1, 40, 6, 6)),
    "depthwise_relu6": (Depthwise, (1, 8, 10, 10)),
    "fully_connected": (Mlp, (1, 3, 8, 8)),
    "max_and_average_pool": (Pools, (1, 3, 12, 12)),
    "average_pool_padded": (PaddedAverage, (1, 3, 8, 8)),
    "max_pool_padded": (PaddedMax, (1, 3, 9, 9)),
    "add_equal_scales_mul_broadcast": (EqualScales, (1, 3, 6, 6)),
    "elementwise": (Elementwise, (1, 3, 6, 6)),
    "sigmoid_tanh_clamp_concat": (Activations, (1, 3, 6, 6)),
    "transpose_concat_reshape": (Layout, (1, 3, 6, 6)),
    "residual_batchnorm": (Residual, (1, 8, 8, 8)),
    "pointwise_16_24_deep": (PointwiseChain, (1, 3, 6, 6)),
    "large_feature_map": (lambda: Conv(cin=8, cout=16), (1, 8, 96, 96)),
}

# Run with upstream's a16w8 quantization (16-bit activations, 8-bit weights).
SUITE_A16W8 = {
    "a16w8_conv_stride1_pad1": (lambda: Conv(), (1, 3, 12, 12)),
    "a16w8_conv_deep_input": (lambda: Conv(cin=40, cout=24), (1, 40, 6, 6)),
    "a16w8_depthwise_relu6": (Depthwise, (1, 8, 10, 10)),
    "a16w8_fully_connected": (Mlp, (1, 3, 8, 8)),
    "a16w8_pointwise_8_16_24_deep": (PointwiseChain, (1, 3, 6, 6)),
    "a16w8_max_and_average_pool": (Pools, (1, 3, 12, 12)),
    "a16w8_average_pool_padded": (PaddedAverage, (1, 3, 8, 8)),
    "a16w8_max_pool_padded": (PaddedMax, (1, 3, 9, 9)),
    "a16w8_add_mul_sub_max": (ElementwiseOnInput, (1, 4, 6, 6)),
    "a16w8_sigmoid_tanh": (SigmoidTanh, (1, 4, 6, 6)),
    "a16w8_sigmoid_tanh_clamp_concat": (Activations, (1, 3, 6, 6)),
}

# name -> (module factory, input shape, activations): both suites.
SUITES = {**{name: (*entry, "int8") for name, entry in SUITE.items()},
          **{name: (*entry, "int16") for name, entry in SUITE_A16W8.items()}}

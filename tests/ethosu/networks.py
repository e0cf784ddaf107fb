"""Whole networks of the kinds users bring (issue 11): they reach the weight
streams the single-operator suite does not (16- and 24-deep depth-first 1x1
convolutions, weights DMA'd into scratch in OFM-depth chunks, deep OFMs)."""

import torch
from torch import nn


def conv_bn(cin, cout, kernel=3, stride=1, groups=1, act=nn.ReLU6):
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(cout), act())


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand=6):
        super().__init__()
        hidden = cin * expand
        self.residual = stride == 1 and cin == cout
        self.body = nn.Sequential(conv_bn(cin, hidden, 1), conv_bn(hidden, hidden, 3, stride, hidden),
                                  nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class MobileNetV2(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn(3, 16, 3, 2), InvertedResidual(16, 16, 1, 1), InvertedResidual(16, 24, 2),
            InvertedResidual(24, 24, 1), InvertedResidual(24, 32, 2), InvertedResidual(32, 32, 1),
            InvertedResidual(32, 64, 2), InvertedResidual(64, 96, 1), conv_bn(96, 320, 1))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(320, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cout, 3, stride, act=nn.ReLU), nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
                                  nn.BatchNorm2d(cout))
        self.shortcut = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                         if stride != 1 or cin != cout else nn.Identity())

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


class ResNet8(nn.Module):
    """MLPerf Tiny's CIFAR ResNet-8 shape: 16-32-64 stages, 1x1 projection shortcuts."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = conv_bn(3, 16, 3, act=nn.ReLU)
        self.stages = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.stages(self.stem(x))), 1))


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.fc1, self.fc2 = nn.Conv2d(channels, reduced, 1), nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        s = x.mean(dim=(2, 3), keepdim=True)
        return x * nn.functional.hardsigmoid(self.fc2(torch.relu(self.fc1(s))))


class MobileNetV3Block(nn.Module):
    """Stem, then an inverted residual with hardswish and squeeze-excite."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 16, 3, 2, act=nn.Hardswish)
        self.expand = conv_bn(16, 72, 1, act=nn.Hardswish)
        self.depthwise = conv_bn(72, 72, 5, 1, 72, act=nn.Hardswish)
        self.se = SqueezeExcite(72, 24)
        self.project = nn.Sequential(nn.Conv2d(72, 16, 1, bias=False), nn.BatchNorm2d(16))

    def forward(self, x):
        x = self.stem(x)
        return x + self.project(self.se(self.depthwise(self.expand(x))))


class TransformerEncoder(nn.Module):
    """The parts of an encoder layer the U55 takes: projections, the two attention
    matmuls as linear layers over tokens, residual adds, a ReLU MLP."""

    def __init__(self, tokens=16, dim=32):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(dim, dim) for _ in range(4))
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.ReLU(), nn.Linear(4 * dim, dim))
        self.scale = dim ** -0.5

    def forward(self, x):
        attn = torch.matmul(self.q(x), self.k(x).transpose(-1, -2)) * self.scale
        x = x + self.o(torch.matmul(torch.relu(attn), self.v(x)))
        return x + self.mlp(x)


# name -> (module factory, input shape)
NETWORKS = {
    "mobilenet_v2": (MobileNetV2, (1, 3, 96, 96)),
    "resnet8": (ResNet8, (1, 3, 32, 32)),
    "mobilenet_v3_block": (MobileNetV3Block, (1, 3, 32, 32)),
    "transformer_encoder": (TransformerEncoder, (1, 16, 32)),
}

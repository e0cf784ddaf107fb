"""The networks bench/export_passes.py exports: name -> (module, example inputs).
Shapes of common TinyML networks; weights seeded, untrained (cycle estimates do
not depend on the weights' values)."""

import sys
from pathlib import Path

import torch
from torch import nn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "examples" / "mnist"))
sys.path.insert(0, str(REPO / "bench"))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hidden = cin * expand
        self.body = nn.Sequential(
            nn.Conv2d(cin, hidden, 1), nn.ReLU6(),
            nn.Conv2d(hidden, hidden, 3, stride=stride, padding=1, groups=hidden), nn.ReLU6(),
            nn.Conv2d(hidden, cout, 1))
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class MobileNetV2Small(nn.Module):
    """MobileNetV2 (width 0.35-like) on 96x96x3: stem, inverted residual stages, global pool."""

    def __init__(self):
        super().__init__()
        layers = [nn.Conv2d(3, 16, 3, stride=2, padding=1), nn.ReLU6()]
        cin = 16
        for cout, stride, repeat in [(8, 1, 1), (16, 2, 2), (16, 2, 2), (24, 2, 2), (32, 1, 1), (56, 2, 1)]:
            for i in range(repeat):
                layers.append(InvertedResidual(cin, cout, stride if i == 0 else 1, 1 if cin == 16 and cout == 8 else 6))
                cin = cout
        layers += [nn.Conv2d(cin, 128, 1), nn.ReLU6()]
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(128, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1), nn.BatchNorm2d(cout)
        self.c2, self.b2 = nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride=stride) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        return torch.relu(self.shortcut(x) + self.b2(self.c2(y)))


class ResNet8(nn.Module):
    """MLPerf Tiny image classification: 32x32x3, three stacks of 16/32/64, 8x8 average pool."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU())
        self.stacks = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2))
        self.pool = nn.AvgPool2d(8)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.stacks(self.stem(x))), 1))


class Gates(nn.Module):
    """Elementwise- and table-heavy: GRU/LSTM-like gates on a feature map
    (sigmoid/tanh, mul, sub, broadcast add, min/max) between two 1x1 convolutions."""

    def __init__(self):
        super().__init__()
        self.inp = nn.Conv2d(8, 32, 1)
        self.gate = nn.Conv2d(8, 32, 1)
        self.bias = nn.Parameter(torch.randn(1, 32, 1, 1) * 0.1)
        self.out = nn.Conv2d(32, 8, 1)

    def forward(self, x):
        h = self.inp(x)
        z = torch.sigmoid(self.gate(x))
        c = torch.tanh(h + self.bias)
        y = z * c + (1 - z) * h
        y = torch.minimum(torch.maximum(y, h - 1.0), h + 1.0)
        return self.out(y)


def networks() -> dict:
    import model as mnist
    from ethosu_sim import KwsCnn

    found = {}
    for name, factory, shape in [
        ("mnist", mnist.model, (1, 1, 28, 28)),
        ("kws_ds_cnn", KwsCnn, (1, 1, 49, 10)),
        ("mobilenet_v2", MobileNetV2Small, (1, 3, 96, 96)),
        ("resnet8", ResNet8, (1, 3, 32, 32)),
        ("gates", Gates, (1, 8, 16, 16)),
    ]:
        torch.manual_seed(0)
        module = factory().eval()
        found[name] = (module, (torch.rand(shape) * 2 - 1,))
    return found

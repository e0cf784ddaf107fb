"""The model zoo: small versions of the nets users bring to a Cortex-M55 + Ethos-U55,
each a constructor and its example input (small shapes, so a whole zoo exports in
about a minute). Seeded; untrained weights, BatchNorm statistics set to non-trivial
values so normalization is not an identity."""

import torch
from torch import nn


def _randomize_batchnorm(module: nn.Module) -> nn.Module:
    g = torch.Generator().manual_seed(1)
    for m in module.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=g) * 0.1)
    return module


def conv_bn(c_in, c_out, k=3, stride=1, groups=1, act=nn.ReLU6):
    return nn.Sequential(nn.Conv2d(c_in, c_out, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(c_out),
                         act() if act else nn.Identity())


class InvertedResidual(nn.Module):
    def __init__(self, c_in, c_out, stride, expand):
        super().__init__()
        hidden = c_in * expand
        self.residual = stride == 1 and c_in == c_out
        self.body = nn.Sequential(conv_bn(c_in, hidden, 1), conv_bn(hidden, hidden, 3, stride, groups=hidden),
                                  conv_bn(hidden, c_out, 1, act=None))

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV2(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(conv_bn(3, 8, 3, 2), InvertedResidual(8, 8, 1, 1), InvertedResidual(8, 12, 2, 4),
                                      InvertedResidual(12, 12, 1, 4), InvertedResidual(12, 16, 2, 4), conv_bn(16, 32, 1))
        self.classifier = nn.Linear(32, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(self.features(x), 1), 1))


class MobileNetV1(nn.Module):
    """Depthwise-separable stacks (3x3 depthwise, 1x1 pointwise, BN, ReLU), strided
    depthwise convolutions to downsample."""

    def __init__(self, classes=10):
        super().__init__()
        def separable(c_in, c_out, stride):
            return [conv_bn(c_in, c_in, 3, stride, groups=c_in, act=nn.ReLU), conv_bn(c_in, c_out, 1, act=nn.ReLU)]
        self.features = nn.Sequential(conv_bn(3, 8, 3, 2, act=nn.ReLU), *separable(8, 16, 1), *separable(16, 24, 2),
                                      *separable(24, 24, 1), *separable(24, 32, 2))
        self.classifier = nn.Linear(32, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(self.features(x), 1), 1))


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.reduce, self.expand = nn.Conv2d(channels, reduced, 1), nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        scale = nn.functional.adaptive_avg_pool2d(x, 1)
        return x * nn.functional.hardsigmoid(self.expand(torch.relu(self.reduce(scale))))


class Bneck(nn.Module):
    """MobileNetV3's block: expand, depthwise, optional squeeze-excite, project."""

    def __init__(self, c_in, hidden, c_out, k, stride, se, act):
        super().__init__()
        self.residual = stride == 1 and c_in == c_out
        self.body = nn.Sequential(conv_bn(c_in, hidden, 1, act=act),
                                  conv_bn(hidden, hidden, k, stride, groups=hidden, act=act),
                                  SqueezeExcite(hidden, max(hidden // 4, 4)) if se else nn.Identity(),
                                  conv_bn(hidden, c_out, 1, act=None))

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV3(nn.Module):
    """MobileNetV3-Small's shape: hardswish, squeeze-excite with hardsigmoid, 5x5 depthwise."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(conv_bn(3, 8, 3, 2, act=nn.Hardswish), Bneck(8, 8, 8, 3, 2, True, nn.ReLU),
                                      Bneck(8, 24, 12, 3, 2, False, nn.ReLU), Bneck(12, 32, 12, 3, 1, False, nn.ReLU),
                                      Bneck(12, 48, 16, 5, 2, True, nn.Hardswish),
                                      Bneck(16, 48, 16, 5, 1, True, nn.Hardswish), conv_bn(16, 48, 1, act=nn.Hardswish))
        self.head = nn.Sequential(nn.Linear(48, 64), nn.Hardswish(), nn.Linear(64, classes))

    def forward(self, x):
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(self.features(x), 1), 1))


class BasicBlock(nn.Module):
    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out)
        self.conv2, self.bn2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out)
        self.shortcut = (nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))
                         if stride != 1 or c_in != c_out else nn.Identity())

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class ResNet8(nn.Module):
    """MLPerf Tiny's image-classification ResNet-8 shape: a stem and three residual stages."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = conv_bn(3, 8, act=nn.ReLU)
        self.stages = nn.Sequential(BasicBlock(8, 8, 1), BasicBlock(8, 16, 2), BasicBlock(16, 32, 2))
        self.fc = nn.Linear(32, classes)

    def forward(self, x):
        y = self.stages(self.stem(x))
        return self.fc(torch.flatten(nn.functional.avg_pool2d(y, y.shape[-1]), 1))


class ResNet20(nn.Module):
    """The CIFAR ResNet-20 shape: a stem, three stages of three residual blocks
    (19 convolutions and a classifier), narrower than the original."""

    def __init__(self, classes=10, widths=(8, 16, 32)):
        super().__init__()
        self.stem = conv_bn(3, widths[0], act=nn.ReLU)
        blocks, c_in = [], widths[0]
        for stage, width in enumerate(widths):
            for i in range(3):
                blocks.append(BasicBlock(c_in, width, 2 if stage and i == 0 else 1))
                c_in = width
        self.stages = nn.Sequential(*blocks)
        self.fc = nn.Linear(c_in, classes)

    def forward(self, x):
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(self.stages(self.stem(x)), 1), 1))


class DsCnnKws(nn.Module):
    """DS-CNN keyword spotting (MLPerf Tiny KWS): MFCC 49x10 in, 12 keywords out."""

    def __init__(self, classes=12, width=16):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, width, (10, 4), (2, 2), (5, 1)), nn.BatchNorm2d(width), nn.ReLU())
        blocks = []
        for _ in range(3):
            blocks += [conv_bn(width, width, 3, groups=width, act=nn.ReLU), conv_bn(width, width, 1, act=nn.ReLU)]
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(width, classes)

    def forward(self, x):
        y = self.blocks(self.stem(x))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(y, 1), 1))


class AudioConv1d(nn.Module):
    """A raw-audio 1-D conv net: strided conv, BN, ReLU, max pools, global average."""

    def __init__(self, classes=8):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(1, 8, 9, stride=4, padding=4), nn.BatchNorm1d(8), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(8, 16, 5, padding=2), nn.BatchNorm1d(16), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(16, 16, 3, padding=1), nn.ReLU())
        self.fc = nn.Linear(16, classes)

    def forward(self, x):
        return self.fc(torch.mean(self.body(x), -1))


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 8, 3, 2, 1), nn.ReLU(), nn.Conv2d(8, 16, 3, 2, 1), nn.ReLU())
        self.decoder = nn.Sequential(nn.ConvTranspose2d(16, 8, 3, 2, 1, output_padding=1), nn.ReLU(),
                                     nn.ConvTranspose2d(8, 1, 3, 2, 1, output_padding=1), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


class SmallUNet(nn.Module):
    """Two levels: encoder, bottleneck, bilinear upsampling, skip concatenation."""

    def __init__(self, classes=2):
        super().__init__()
        self.down1 = conv_bn(3, 8, act=nn.ReLU)
        self.down2 = conv_bn(8, 16, act=nn.ReLU)
        self.bottom = conv_bn(16, 16, act=nn.ReLU)
        self.up2 = conv_bn(32, 8, act=nn.ReLU)
        self.up1 = conv_bn(16, 8, act=nn.ReLU)
        self.head = nn.Conv2d(8, classes, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(nn.functional.max_pool2d(d1, 2))
        b = self.bottom(nn.functional.max_pool2d(d2, 2))
        u2 = self.up2(torch.cat([nn.functional.interpolate(b, scale_factor=2, mode="bilinear"), d2], 1))
        u1 = self.up1(torch.cat([nn.functional.interpolate(u2, scale_factor=2, mode="nearest"), d1], 1))
        return self.head(u1)


class RecurrentKws(nn.Module):
    """A GRU or LSTM over MFCC frames, classified from the last step."""

    def __init__(self, cell, classes=12, features=10, hidden=24):
        super().__init__()
        self.rnn = cell(features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.fc(y[:, -1])


class TransformerEncoder(nn.Module):
    """One pre-norm encoder layer (LayerNorm, multi-head attention, GELU MLP), mean-pooled."""

    def __init__(self, d_model=32, heads=4, classes=6):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(d_model, heads, 64, dropout=0.0, activation="gelu", batch_first=True,
                                                norm_first=True)
        self.norm = nn.LayerNorm(d_model)
        self.fc = nn.Linear(d_model, classes)

    def forward(self, x):
        return torch.softmax(self.fc(self.norm(self.layer(x)).mean(1)), -1)


class FcAutoencoder(nn.Module):
    """MLPerf Tiny anomaly detection's shape: Linear-BatchNorm1d-ReLU layers, 8-wide bottleneck."""

    def __init__(self, features=128, width=64):
        super().__init__()
        def block(a, b):
            return [nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU()]
        self.body = nn.Sequential(*block(features, width), *block(width, width), *block(width, 8), *block(8, width),
                                  *block(width, width), nn.Linear(width, features))

    def forward(self, x):
        return self.body(x)


ZOO = {
    "mobilenet_v1": (MobileNetV1, (1, 3, 32, 32)),
    "mobilenet_v2": (MobileNetV2, (1, 3, 32, 32)),
    "mobilenet_v3": (MobileNetV3, (1, 3, 32, 32)),
    "resnet8": (ResNet8, (1, 3, 32, 32)),
    "resnet20": (ResNet20, (1, 3, 32, 32)),
    "ds_cnn_kws": (DsCnnKws, (1, 1, 49, 10)),
    "audio_conv1d": (AudioConv1d, (1, 1, 400)),
    "conv_autoencoder": (ConvAutoencoder, (1, 1, 16, 16)),
    "unet": (SmallUNet, (1, 3, 16, 16)),
    "gru_kws": (lambda: RecurrentKws(nn.GRU), (1, 8, 10)),
    "lstm_kws": (lambda: RecurrentKws(nn.LSTM), (1, 8, 10)),
    "transformer": (TransformerEncoder, (1, 8, 32)),
    "fc_autoencoder": (FcAutoencoder, (1, 128)),
}


def build(name):
    """The seeded module (eval mode) and its example input."""
    make, shape = ZOO[name]
    torch.manual_seed(0)
    module = _randomize_batchnorm(make()).eval()
    return module, (torch.rand(*shape, generator=torch.Generator().manual_seed(3)),)

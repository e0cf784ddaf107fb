"""The MNIST example network (the seed's), in ember's model-file convention:
`model()` returns the module, `example_inputs()` its inputs. Inputs are 28x28
grey images scaled to [0, 1]."""

import torch
from torch import nn


class MnistNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def model() -> nn.Module:
    return MnistNet()


def example_inputs():
    return (torch.rand(1, 1, 28, 28),)


def preprocess(images_uint8):
    """uint8 [N, 28, 28] -> float32 [N, 1, 28, 28] in [0, 1], the network's input."""
    return images_uint8.reshape(-1, 1, 28, 28).astype("float32") / 255.0

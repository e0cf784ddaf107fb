import pytest
import torch
from torch import nn


class SmallConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(8 * 4 * 4, 5))

    def forward(self, x):
        return self.body(x)


class ResidualBlock(nn.Module):
    """ResNet-style: conv-BN-ReLU-conv-BN + skip. Plain torch.export(...).module()
    leaves a _guards_fn call_module here that the Arm passes reject."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8)
        self.conv2, self.bn2 = nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(x + self.bn2(self.conv2(y)))


class PartlyOnCpu(nn.Module):
    """sign() is not taken by the U55 partitioner: it stays on the CPU."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return torch.sign(self.conv(x))


def seeded(module_class):
    torch.manual_seed(0)
    return module_class().eval()


@pytest.fixture(scope="session")
def conv_exports():
    """The small conv net exported for both targets, int8 I/O, intermediates kept."""
    from ember.export import export_model

    inputs = (torch.rand(1, 3, 16, 16),)
    calibration = [(torch.rand(1, 3, 16, 16),) for _ in range(4)]
    return {target: export_model(seeded(SmallConvNet), inputs, target, calibration=calibration,
                                 io="int8", keep_dir=None)
            for target in ("e8-he", "e8-hp")}

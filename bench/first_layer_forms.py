"""Vela's cycle estimate of equivalent forms of the bench's narrow first layers
(MNIST's 1 -> 16 3x3, DS-CNN's 1 -> 64 10x4 stride 2, MobileNetV2's 3 -> 16 3x3
stride 2) and of DS-CNN's depthwise layer, each form exported alone as a small
network (upstream's lowering, e8-he, Shared_Sram, NHWC I/O; the boundary
transposes a one-channel input keeps are left out of the sum): the measurements
behind the space-to-depth pass and behind the forms it does not use. Weights
are seeded and untrained; only the shapes matter to the estimate.

    .venv/bin/python bench/first_layer_forms.py [--target e8-he] [--forms mnist_direct,...]
"""

import argparse
import sys

import torch
from torch import nn


def conv(*args, **kwargs):
    return nn.Conv2d(*args, **kwargs)


# name: (what it is, layers, input shape NCHW)
FORMS = {
    "mnist_direct": ("MNIST conv1 as upstream lowers it", [conv(1, 16, 3, padding=1)], (1, 1, 28, 28)),
    "mnist_w_fold_2": ("input W pairs as 2 channels, 2 outputs per pixel",
                       [conv(2, 32, 3, padding=1)], (1, 2, 28, 14)),
    "mnist_w_fold_4": ("input W quads as 4 channels", [conv(4, 64, 3, padding=1)], (1, 4, 28, 7)),
    "mnist_w_fold_8": ("input W octets as 8 channels (W padded to 32)",
                       [conv(8, 128, 3, padding=1)], (1, 8, 28, 4)),
    "mnist_rows_as_channels": ("each image row as 28 channels, 3x1 banded kernel",
                               [conv(28, 448, (3, 1), padding=(1, 0))], (1, 28, 28, 1)),
    "mnist_im2col_rows": ("one-hot 3x1 conv to 3 channels, then 1x3 conv",
                          [conv(1, 3, (3, 1), padding=(1, 0)), conv(3, 16, (1, 3), padding=(0, 1))], (1, 1, 28, 28)),
    "mnist_im2col": ("one-hot 3x3 conv to 9 channels, then 1x1 conv",
                     [conv(1, 9, 3, padding=1), conv(9, 16, 1)], (1, 1, 28, 28)),
    "kws_direct": ("DS-CNN conv1 as upstream lowers it",
                   [conv(1, 64, (10, 4), stride=2, padding=(5, 1))], (1, 1, 49, 10)),
    "kws_w_fold_2": ("input W pairs as 2 channels, stride (2, 1)",
                     [conv(2, 64, (10, 3), stride=(2, 1), padding=(5, 1))], (1, 2, 49, 5)),
    "kws_space_to_depth": ("the space-to-depth pass's form: one-hot 2x2/2 conv, then 5x2 conv",
                           [conv(1, 4, 2, stride=2, padding=1), conv(4, 64, (5, 2), padding=(2, 0))], (1, 1, 49, 10)),
    "kws_depthwise": ("DS-CNN depthwise 3x3", [conv(64, 64, 3, padding=1, groups=64)], (1, 64, 25, 5)),
    "kws_depthwise_h_w_swapped": ("the same on a 5x25 map", [conv(64, 64, 3, padding=1, groups=64)], (1, 64, 5, 25)),
    "kws_grouped_8": ("dense 3x3 in 8 groups of 8 channels", [conv(64, 64, 3, padding=1, groups=8)], (1, 64, 25, 5)),
    "mobilenet_direct": ("MobileNetV2 stem as upstream lowers it",
                         [conv(3, 16, 3, stride=2, padding=1)], (1, 3, 96, 96)),
    "mobilenet_space_to_depth": ("one-hot 2x2/2 conv to 12 channels, then 2x2 conv",
                                 [conv(3, 12, 2, stride=2, padding=1), conv(12, 16, 2)], (1, 3, 96, 96)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default="e8-he")
    parser.add_argument("--forms", help="comma-separated (default: all)")
    args = parser.parse_args()
    from ember.export import export_model

    selected = args.forms.split(",") if args.forms else list(FORMS)
    print(f"{'form':26s} {'cycles':>7s}  per layer (Vela operator cycles)  what it is")
    for name in selected:
        what, layers, shape = FORMS[name]
        torch.manual_seed(0)
        module = nn.Sequential(*layers, nn.ReLU()).eval()
        report = export_model(module, (torch.rand(shape) * 2 - 1,), args.target, io="int8",
                              memory_mode="Shared_Sram", passes=[], io_layout="nhwc").report
        layers_cycles = " ".join(f"{layer['npu_operator']} {layer['cycles']}"
                                 for layer in report["estimate"]["layers"] if layer["npu_operator"] != "Transpose")
        convolutions = sum(layer["cycles"] for layer in report["estimate"]["layers"]
                           if layer["npu_operator"] != "Transpose")
        print(f"{name:26s} {convolutions:7d}  {layers_cycles}  {what}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

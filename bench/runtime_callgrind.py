"""Instruction counts (valgrind callgrind: exact and repeatable on a noisy
machine) of ember's runtime on the float MNIST example (--target portable):
loading the program and method, one inference, and the runtime's own share of
the inference (everything outside the kernels).

    .venv/bin/python bench/runtime_callgrind.py [--model model.pte]
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "build" / "host" / "apps" / "host" / "ember-tool"


def export_float_mnist(path: Path) -> None:
    sys.path.insert(0, str(REPO / "examples" / "mnist"))
    import model as mnist
    import torch
    from ember.export import export_model

    torch.manual_seed(0)
    path.write_bytes(export_model(mnist.model().eval(), mnist.example_inputs(), "portable").pte)


def inclusive_counts(profile: Path) -> dict:
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(profile)],
                         capture_output=True, text=True, check=True).stdout
    counts = {}
    for line in out.splitlines():
        # "  34,202,801 (75.71%)  /path/file.cpp:ember::Method::execute() [binary]"
        m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+[^:\s]*:(.*)$", line)
        if m:
            name = re.sub(r"\s*\[.*\]$", "", m.group(2)).strip()
            counts.setdefault(name, int(m.group(1).replace(",", "")))
    return counts


def pick(counts: dict, prefix: str) -> int:
    return sum(v for k, v in counts.items() if k.startswith(prefix))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="a .pte (default: the float MNIST example, exported now)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(args.model) if args.model else Path(tmp) / "mnist_float.pte"
        if not args.model:
            export_float_mnist(model)
        profile = Path(tmp) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={profile}", str(TOOL), "run",
                        str(model), "--seed", "1"], check=True, capture_output=True)
        counts = inclusive_counts(profile)
    program_load = pick(counts, "ember::Program::load(")
    method_load = pick(counts, "ember::Method::load(")
    execute = pick(counts, "ember::Method::execute(")
    kernels = sum(v for k, v in counts.items() if re.match(r"ember::kernels::\w+_out\(", k))
    runtime_share = execute - kernels
    print(f"model: {model.name}")
    print(f"{'load program':32s} {program_load:>12,d} instructions")
    print(f"{'load method (values, kernels)':32s} {method_load:>12,d} instructions")
    print(f"{'one inference (execute)':32s} {execute:>12,d} instructions")
    print(f"{'  of which kernels':32s} {kernels:>12,d}")
    print(f"{'  of which the runtime itself':32s} {runtime_share:>12,d}  ({100 * runtime_share / max(execute, 1):.3f}%)")
    return 0 if execute > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

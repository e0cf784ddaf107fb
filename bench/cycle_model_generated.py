"""ember's Ethos-U55 cycle estimate against Vela's, per network, on generated
networks (python/ember/difftest): the spread of ember / Vela over every program
the differential tester ran (each network on U55-128 and U55-256, Shared_Sram and
Sram_Only, each weight set), from its results files, or from a fresh run.

    .venv/bin/python bench/cycle_model_generated.py out/difftest/seed-*/results.jsonl
    .venv/bin/python bench/cycle_model_generated.py --count 50 --seed 11   # runs the tester first
    .venv/bin/python bench/cycle_model_generated.py --rerun DIR [--layers N]

Vela's number is its summary's cycles_total for the same compilation; ember's is
`ember-tool run`'s estimate from the registers it executed. --rerun DIR takes the
programs a `python -m ember.difftest ... --keep --out DIR` run kept and runs them
again with the current ember-tool (EMBER_TOOL picks another build), so two cycle
models compare on the same programs; --layers N then matches the N furthest
programs layer by layer against Vela's per-layer estimate (bench/cycle_model_vs_vela.py)."""

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python"))
sys.path.insert(0, str(REPO / "bench"))


def load(paths) -> list[dict]:
    rows = []
    for path in paths:
        for line in Path(path).read_text().splitlines():
            row = json.loads(line)
            if row.get("outcome") == "pass" and row.get("ember_cycles") and row.get("vela_cycles"):
                rows.append(row)
    return rows


def rerun(directory: Path, tool: str) -> list[dict]:
    """Every passing weight-set-0 program kept under `directory`, run again."""
    import subprocess

    from ember.difftest.runner import _npu_cycles

    rows = [r for r in load([directory / "results.jsonl"]) if r["config"].endswith("/w0")]
    for row in rows:
        target, mode, _ = row["config"].split("/")
        row["pte"] = directory / f"graph-{row['index']}" / f"v0-{target}-{mode}.pte"
        run = subprocess.run([tool, "run", str(row["pte"])], capture_output=True, text=True)
        row["ember_cycles"] = _npu_cycles(run.stdout) if run.returncode == 0 else None
    return [r for r in rows if r["ember_cycles"]]


def print_layers(row: dict, tool: str) -> None:
    """One kept program against Vela's per-layer estimate of its TOSA graph."""
    from cycle_model_vs_vela import ember_operations, vela_layers

    from ember.export.targets import e8_vela_config, get_target

    target, mode, _ = row["config"].split("/")
    tgt = get_target(target)
    graph = row["pte"].parent
    (tosa,) = sorted((graph / "lowering").glob("output_tag*.tosa"))
    placement = {"vela_config": e8_vela_config(), "system_config": tgt.system_config, "memory_mode": mode}
    with tempfile.TemporaryDirectory() as tmp:
        layers = vela_layers(tosa, placement, tgt.accelerator, Path(tmp))
    operations, total = ember_operations(tool, row["pte"])
    print(f"\n{row['seed']}:{row['index']} {row['config']} {row['graph']}: ember {total}, Vela {row['vela_cycles']}")
    index, ember = 0, [0] * len(layers)
    names = [[] for _ in layers]
    for offset, operation, cycles in operations:
        while index < len(layers) - 1 and offset > layers[index][0]:
            index += 1
        ember[index] += cycles
        names[index].append(operation)
    for (_, layer), cycles, ops in zip(layers, ember, names):
        summary = ", ".join(sorted({f"{ops.count(o)}x {o}" for o in ops}))
        ratio = cycles / layer.vela_cycles if layer.vela_cycles else float("inf")
        print(f"  {layer.operator:20s} {summary[:34]:34s} {cycles:9d} {layer.vela_cycles:9d} {ratio:6.2f}")


def spread(ratios) -> str:
    r = np.asarray(ratios)
    within = lambda p: 100.0 * np.mean(np.abs(r - 1) <= p)  # noqa: E731
    q = np.percentile(r, [0, 5, 25, 50, 75, 95, 100])
    return (f"{len(r):5d}  median {q[3]:.3f}  p5..p95 {q[1]:.3f}..{q[5]:.3f}  min {q[0]:.3f}  max {q[6]:.3f}  "
            f"within 10%: {within(0.10):5.1f}%  within 20%: {within(0.20):5.1f}%")


def report(rows: list[dict], worst: int) -> None:
    ratios = [r["ember_cycles"] / r["vela_cycles"] for r in rows]
    print(f"ember / Vela cycles per network, {len(rows)} programs of "
          f"{len({(r['seed'], r['index']) for r in rows})} generated networks")
    print(f"{'all':24s} {spread(ratios)}")
    groups = defaultdict(list)
    for row, ratio in zip(rows, ratios):
        target, mode, _ = row["config"].split("/")
        groups[f"{target} {mode}"].append(ratio)
        groups[row["graph"].split()[0]].append(ratio)
    for name in sorted(groups):
        print(f"{name:24s} {spread(groups[name])}")
    print(f"\nfurthest from Vela ({worst} networks, each at its furthest program):")
    order = sorted(range(len(rows)), key=lambda i: -abs(np.log(ratios[i])))
    shown = set()
    for i in order:
        network = (rows[i]["seed"], rows[i]["index"])
        if network in shown:
            continue
        shown.add(network)
        if len(shown) > worst:
            break
        r = rows[i]
        print(f"  {ratios[i]:6.3f}  {r['ember_cycles']:9d} {r['vela_cycles']:9d}  {r['seed']}:{r['index']} "
              f"{r['config']:24s} {r['graph']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results", nargs="*", help="results.jsonl files of scripts/difftest.sh runs")
    parser.add_argument("--count", type=int, default=20, help="without results: graphs to generate and run")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--rerun", type=Path, help="a difftest --keep directory: run its programs again")
    parser.add_argument("--layers", type=int, default=0, help="with --rerun: per-layer tables of the N furthest")
    args = parser.parse_args()
    if args.rerun:
        from ember.host_tool import tool_path

        tool = str(tool_path())
        rows = rerun(args.rerun, tool)
        if not rows:
            print("no passing programs with both estimates")
            return 1
        report(rows, args.worst)
        furthest, shown = sorted(rows, key=lambda r: -abs(np.log(r["ember_cycles"] / r["vela_cycles"]))), set()
        for row in furthest:
            if len(shown) == args.layers or (row["seed"], row["index"]) in shown:
                continue
            shown.add((row["seed"], row["index"]))
            try:
                print_layers(row, tool)
            except (RuntimeError, ValueError) as e:  # more operations than the profile lists
                print(f"\n{row['seed']}:{row['index']} {row['config']}: no per-layer match ({e})")
        return 0
    if args.results:
        rows = load(args.results)
    else:
        from ember.difftest.__main__ import main as difftest

        with tempfile.TemporaryDirectory() as tmp:
            difftest([str(args.count), str(args.seed), "--variants", "1", "--out", tmp, "--no-shrink"])
            rows = load([Path(tmp) / "results.jsonl"])
    if not rows:
        print("no passing programs with both estimates")
        return 1
    report(rows, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())

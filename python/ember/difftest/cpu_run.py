"""Differential testing of ember's CPU targets on generated networks:

    python -m ember.difftest --cpu N [SEED] [--start K] [--flavour u55|u85|all|avgpool] [--targets ...]

checks graphs K .. K+N-1 of SEED (the generator's U55 flavour, its U85 flavour,
both, or its avgpool flavour: a padded average pool then an add) on `portable`
against upstream's runtime and on `e8-he-cpu` against upstream's reference of
the program and the quantized PyTorch module (cpu.py).
Prints, per target, graphs generated, exported, refused (by reason), compared,
mismatches, crashes, faults and upstream's wrong programs; every
mismatch, crash or fault is shrunk and saved as a regression case (JSON) that
tests/kernels/test_cpu_difftest.py runs. One JSON line per program goes to
OUT/results.jsonl. Exit status 1 if any program mismatched, crashed or faulted."""

import argparse
import json
import shutil
import time
import warnings
from collections import Counter
from pathlib import Path

from .cpu import TARGETS, check_graph
from .generator import describe, generate
from .shrink import shrink

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "tests" / "kernels" / "difftest_cases"
FAILURES = ("mismatch", "crash", "fault")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="difftest --cpu", description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of graphs (per flavour)")
    parser.add_argument("seed", type=int, nargs="?", default=1)
    parser.add_argument("--start", type=int, default=0, help="first graph index (sharding)")
    parser.add_argument("--flavour", choices=("u55", "u85", "all", "avgpool"), default="all",
                        help="the generator's operator mix: the U55's, the U85's (matmul, resize, gather, "
                             "softmax, layer norm, where, reductions, permutes, transposed convs), both, or "
                             "avgpool (an average pool with padding, count_include_pad either way, then an add)")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS))
    parser.add_argument("--out", type=Path, help="work and results directory (default out/difftest-cpu/seed-SEED)")
    parser.add_argument("--cases", type=Path, default=CASES, help="where shrunk failures are saved")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep every graph's work directory")
    parser.add_argument("--minutes", type=float, help="stop starting new graphs after this long")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # upstream's passes warn on every graph
    import logging

    logging.disable(logging.WARNING)

    from ember.host_tool import tool_path

    tool = str(tool_path())
    out = args.out or REPO / "out" / "difftest-cpu" / f"seed-{args.seed}"
    out.mkdir(parents=True, exist_ok=True)
    flavours = ("u55", "u85") if args.flavour == "all" else (args.flavour,)
    outcomes = {t: Counter() for t in args.targets}
    refusals = {t: Counter() for t in args.targets}
    exact = Counter()
    started = time.monotonic()
    generated = 0
    with open(out / "results.jsonl", "a") as results:
        for index in range(args.start, args.start + args.count):
            for flavour in flavours:
                if args.minutes and time.monotonic() - started > args.minutes * 60:
                    break
                spec = generate(args.seed, index, flavour)
                generated += 1
                work = out / f"{flavour}-{index}"
                shutil.rmtree(work, ignore_errors=True)
                graph = check_graph(spec, work, tool, targets=args.targets)
                for p in graph.programs:
                    outcomes[p.config][p.outcome] += 1
                    if p.outcome == "refused":
                        refusals[p.config][_reason(p.detail)] += 1
                    exact[p.config] += p.outcome == "pass" and p.exact
                    results.write(json.dumps({"seed": args.seed, "index": index, "flavour": flavour,
                                              "target": p.config, "outcome": p.outcome, "detail": p.detail,
                                              "exact": p.exact, "steps": p.steps, "graph": describe(spec)}) + "\n")
                results.flush()
                summary = ", ".join(f"{p.config} {p.outcome}" + (" (bit-exact)" if p.exact else
                                    f" ({p.steps:.2f} steps)" if p.steps is not None else "")
                                    for p in graph.programs)
                print(f"graph {args.seed}:{index} {flavour} [{describe(spec)}]: {summary}", flush=True)
                for p in graph.programs:
                    if p.outcome != "pass":
                        print(f"  {p.outcome} on {p.config}: {p.detail}", flush=True)
                if graph.failures() and not args.no_shrink:
                    save_reproducer(spec, graph.failures()[0], out / f"shrink-{flavour}-{index}", tool, args.cases,
                                    flavour)
                if not args.keep and not graph.failures():
                    shutil.rmtree(work, ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    print(f"\nseed {args.seed}, graphs from {args.start}, {generated} generated ({'+'.join(flavours)}), "
          f"{minutes:.1f} minutes")
    for target in args.targets:
        n = outcomes[target]
        compared = n["pass"] + n["rounding"] + n["mismatch"] + n["upstream"]
        exported = generated - sum(v for k, v in refusals[target].items() if k.startswith(("export", "upstream")))
        print(f"{target}: {exported} exported, {n['refused']} refused, {compared} compared "
              f"({n['pass']} pass, {exact[target]} of them bit-exact; {n['rounding']} rounding), "
              f"{n['mismatch']} mismatches, {n['crash']} crashes, {n['fault']} faults, "
              f"{n['upstream']} upstream's program wrong")
        for reason, count in refusals[target].most_common():
            print(f"  refused {count}: {reason}")
    return 1 if any(outcomes[t][f] for t in args.targets for f in FAILURES) else 0


def _reason(detail: str) -> str:
    """A refusal's reason without the graph's own numbers, to count alike ones together."""
    import re

    return re.sub(r"\b\d+\b", "N", detail.split(" | ")[0])[:120]


def save_reproducer(spec: dict, failure, work: Path, tool: str, cases: Path, flavour: str) -> Path:
    def still_fails(candidate):
        attempt = check_graph(candidate, work / "attempt", tool, targets=(failure.config,))
        return attempt.programs[0].outcome == failure.outcome

    print(f"  shrinking ({failure.outcome} on {failure.config}) ...", flush=True)
    small = shrink(spec, still_fails, log=lambda m: print(m, flush=True))
    cases.mkdir(parents=True, exist_ok=True)
    path = cases / f"{flavour}_seed{spec['seed']}_graph{spec['index']}_{failure.config}_{failure.outcome}.json"
    path.write_text(json.dumps({"spec": small, "target": failure.config, "found": failure.outcome,
                                # ember-tool's hint names this machine's work path: not for the repository
                                "detail": failure.detail.split("; `ember inspect")[0], "graph": describe(small)},
                               indent=1) + "\n")
    print(f"  saved {path} [{describe(small)}]", flush=True)
    return path

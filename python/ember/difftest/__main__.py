"""Differential testing of the simulated Ethos-U on generated networks:

    python -m ember.difftest N [SEED] [--start K] [--variants V] [--npu u55|u85|all]

checks graphs K .. K+N-1 of SEED (shard a long run by giving machines disjoint
--start ranges), each on both U55s (--npu u55, the default), the U85 (u85) or
all three (u85 and all draw the generator's U85 flavour: most graphs hold an
operator only the U85 takes), in both memory modes with V weight sets,
against tosa_reference_model bit for bit. Prints graphs/minute, mismatches and
faults; every mismatch or fault is shrunk and saved as a regression case (JSON)
that tests/ethosu/test_difftest.py runs. One JSON line per program goes to
OUT/results.jsonl (outcome, ember's and Vela's cycle estimates).
Exit status 1 if any program mismatched or faulted.

    python -m ember.difftest N [SEED] --passes [--npu u55|u85|all]

checks ember's graph passes instead (passes_check.py): graphs of the
generator's "passes" flavour, each quantized once and lowered without and with
the passes for e8-he (u55) and/or e8-hp-u85 (u85), both programs run on the
simulated NPU and compared bit for bit; prints how often each pass fired
(and names a pass that never did).

    python -m ember.difftest N [SEED] --reshaped [--npu u55|u85|all]

checks graphs of the generator's "reshaped" flavour instead: one operator whose
output a reshape reads (generator.py), against tosa_reference_model as above.

    python -m ember.difftest --cpu N [SEED] ...

checks ember's CPU targets (portable, e8-he-cpu) against upstream instead: cpu_run.py."""

import argparse
import warnings
import json
import shutil
import sys
import time
from pathlib import Path

from .generator import describe, generate
from .passes_check import check_passes
from .runner import CONFIGS, U85_CONFIGS, check_graph
from .shrink import shrink

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "tests" / "ethosu" / "difftest_cases"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--cpu" in argv:
        from .cpu_run import main as cpu_main

        return cpu_main([a for a in argv if a != "--cpu"])
    parser = argparse.ArgumentParser(prog="difftest", description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of graphs")
    parser.add_argument("seed", type=int, nargs="?", default=1)
    parser.add_argument("--start", type=int, default=0, help="first graph index (sharding)")
    parser.add_argument("--variants", type=int, default=3, help="weight sets per graph (1: the exported only)")
    parser.add_argument("--out", type=Path, help="work and results directory (default out/difftest/seed-SEED)")
    parser.add_argument("--cases", type=Path, default=CASES, help="where shrunk failures are saved")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep every graph's work directory")
    parser.add_argument("--minutes", type=float, help="stop starting new graphs after this long")
    parser.add_argument("--npu", choices=("u55", "u85", "all"), default="u55",
                        help="the E8's two Ethos-U55s, its Ethos-U85-256 (e8-hp-u85), or all three")
    parser.add_argument("--passes", action="store_true",
                        help="check ember's graph passes: lowered without and with them, on the simulated NPU")
    parser.add_argument("--reshaped", action="store_true",
                        help="graphs of one operator whose output a reshape reads (either NPU family's operators)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # upstream's passes warn on every graph

    from ember.host_tool import tool_path

    tool = str(tool_path())
    out = args.out or REPO / "out" / "difftest" / f"seed-{args.seed}"
    out.mkdir(parents=True, exist_ok=True)
    totals = {k: 0 for k in ("checked", "skipped", "pass", "mismatch", "fault")}
    started = time.monotonic()
    last = args.start - 1
    skip_reasons = {}
    fired = {}  # pass name -> [graphs, rewrites]
    with open(out / "results.jsonl", "a") as results:
        for index in range(args.start, args.start + args.count):
            if args.minutes and time.monotonic() - started > args.minutes * 60:
                break
            last = index
            spec = generate(args.seed, index, "passes" if args.passes else "reshaped" if args.reshaped
                            else "u55" if args.npu == "u55" else "u85")
            work = out / f"graph-{index}"
            shutil.rmtree(work, ignore_errors=True)
            families = {"u55": (CONFIGS,), "u85": (U85_CONFIGS,), "all": (CONFIGS, U85_CONFIGS)}[args.npu]
            graph = None
            for configs in families:  # each family exported for its own NPU
                family_work = work if len(families) == 1 else work / configs[0][0]
                if args.passes:
                    family = check_passes(spec, family_work, tool, *configs[0])
                else:
                    family = check_graph(spec, family_work, tool, configs=configs, variants=tuple(range(args.variants)))
                if graph is None or (graph.outcome == "skipped" and family.outcome == "checked"):
                    graph = family
                elif family.outcome == "checked":
                    graph.programs += family.programs
                    for name, n in family.fired.items():
                        graph.fired[name] = graph.fired.get(name, 0) + n
            totals[graph.outcome] += 1
            for name, n in graph.fired.items():
                fired.setdefault(name, [0, 0])
                fired[name][0] += 1
                fired[name][1] += n
            counts = {}
            for program in graph.programs:
                totals[program.outcome] += 1
                counts[program.outcome] = counts.get(program.outcome, 0) + 1
                results.write(json.dumps({"seed": args.seed, "index": index, "config": program.config,
                                          "outcome": program.outcome, "detail": program.detail,
                                          "ember_cycles": program.cycles, "vela_cycles": program.vela_cycles,
                                          "graph": describe(spec)} | ({"fired": graph.fired} if args.passes else {}))
                              + "\n")
            if graph.outcome == "skipped":
                reason = graph.detail.split(":")[0]
                skip_reasons[reason] = skip_reasons.get(reason, 0) + 1
                results.write(json.dumps({"seed": args.seed, "index": index, "outcome": "skipped",
                                          "detail": graph.detail, "graph": describe(spec)}) + "\n")
            results.flush()
            summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or graph.detail[:100]
            if graph.fired:
                summary += "; fired " + ", ".join(f"{name} x{n}" for name, n in sorted(graph.fired.items()))
            print(f"graph {args.seed}:{index} [{describe(spec)}]: {summary}", flush=True)
            for failure in graph.failures():
                print(f"  {failure.outcome} on {failure.config}: {failure.detail}", flush=True)
            if graph.failures() and not args.no_shrink:
                save_reproducer(spec, graph.failures()[0], out / f"shrink-{index}", tool, args.cases)
            if not args.keep and not graph.failures():
                shutil.rmtree(work, ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    programs = totals["pass"] + totals["mismatch"] + totals["fault"]
    print(f"\nseed {args.seed}, graphs {args.start}..{last}: "
          f"{totals['checked']} graphs checked, {totals['skipped']} skipped; {programs} programs: "
          f"{totals['pass']} pass, {totals['mismatch']} mismatches, {totals['fault']} faults")
    if skip_reasons:
        print("skipped: " + ", ".join(f"{n} {reason}" for reason, n in sorted(skip_reasons.items())))
    if args.passes:
        from ember.export.passes import names

        print("passes fired: " + ", ".join(f"{name} in {fired[name][0]} graphs ({fired[name][1]} rewrites)"
                                           for name in names() if name in fired))
        never = [name for name in names() if name not in fired]
        if never:
            print("never fired: " + ", ".join(never))
    print(f"{minutes:.1f} minutes: {(last - args.start + 1) / minutes:.1f} graphs/minute, {programs / minutes:.1f} programs/minute")
    return 1 if totals["mismatch"] or totals["fault"] else 0


def save_reproducer(spec: dict, failure, work: Path, tool: str, cases: Path) -> Path:
    def still_fails(candidate):
        shutil.rmtree(work / "attempt", ignore_errors=True)
        attempt = recheck(candidate, work / "attempt", tool, failure.config)
        return any(p.outcome == failure.outcome for p in attempt.programs)

    print(f"  shrinking ({failure.outcome} on {failure.config}) ...", flush=True)
    small = shrink(spec, still_fails, log=lambda m: print(m, flush=True))
    cases.mkdir(parents=True, exist_ok=True)
    kind = "_passes" if failure.config.endswith("/passes") else ""
    path = cases / f"seed{spec['seed']}_graph{spec['index']}{kind}_{failure.outcome}.json"
    path.write_text(json.dumps({"spec": small, "config": failure.config, "found": failure.outcome,
                                "detail": failure.detail, "graph": describe(small)}, indent=1) + "\n")
    print(f"  saved {path} [{describe(small)}]", flush=True)
    return path


def recheck(spec: dict, work: Path, tool: str, config: str):
    """One program of a graph again, as a saved case's config names it:
    TARGET/MODE/wK (weight set K against the TOSA reference) or TARGET/MODE/passes
    (lowered without and with ember's passes)."""
    target, mode, check = config.split("/")
    if check == "passes":
        return check_passes(spec, work, tool, target, mode)
    return check_graph(spec, work, tool, configs=((target, mode),), variants=(int(check[1:]),))


if __name__ == "__main__":
    sys.exit(main())

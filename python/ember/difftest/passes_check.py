"""The differential check of ember's graph passes (python -m ember.difftest --passes):
one generated network quantized once, lowered twice from that same quantized
module, without ember's passes (upstream's lowering as is) and with all of them,
both programs run by `ember-tool run` on the simulated NPU (and their CPU
partitions, so a network upstream splits into several delegates is checked too)
on the same integer inputs, outputs compared bit for bit: every pass but one
states that it keeps the program's results exactly. The passes that fired are
recorded per network.

global-avg-pool-stride states a bound instead (global_pool.py): it moves a pool
upstream leaves to the CPU in float onto the NPU in integers. Where it fires, a
third lowering with it alone (upstream's own lowering of the stride-1 pool) is
the baseline the other passes must equal bit for bit, and, where the pool is the
network's output, it must be within the pass's TOLERANCE of upstream's program.

Where Vela 5.1 drops a partition output the partition also reads
(read_output_copies.py), upstream's program cannot bind its delegate and does
not run: there the baseline is upstream's lowering with read-output-copies
alone, which then is not counted as checked on that network (`fired` holds
only the passes the comparison covers).

Outcomes as runner.py's: the network is skipped when upstream's own lowering or
program fails (nothing to compare with); its one program (config
TARGET/MODE/passes) is a mismatch when the outputs differ, a fault when only the
lowering with passes fails or only its program fails to run."""

import subprocess
from pathlib import Path

import numpy as np

from .generator import build_module
from .runner import GraphResult, ProgramResult, _npu_cycles, sample_inputs

SAMPLES = 3
READ_OUTPUT_COPIES = "read-output-copies"
GLOBAL_POOL = "global-avg-pool-stride"


def check_passes(spec: dict, work: Path, ember_tool: str, target: str = "e8-he",
                 mode: str = "Shared_Sram") -> GraphResult:
    import torch

    from ember.export import pipeline
    from ember.export.errors import ExportError
    from ember.export.passes import PassLog
    from ember.export.passes.global_pool import TOLERANCE
    from ember.export.targets import e8_vela_config, get_target

    work.mkdir(parents=True, exist_ok=True)
    dtype = spec["dtype"]
    rng = np.random.default_rng([spec["seed"], spec["index"]])
    shape = (1, *spec["input"])
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
    example = calibration[0]
    tgt = get_target(target)
    config = f"{target}/{mode}/passes"

    def settings(keep=None):
        return pipeline.compile_spec(tgt, mode, tgt.system_config, e8_vela_config(), keep)

    def lower(name, passes, log=None):  # the Vela artifacts of each lowering kept in work/NAME
        settings_ = settings(str(work / name / "lowering"))
        return pipeline.lower(quantized, example, tgt, settings_, dtype, passes=passes, pass_log=log)[0]

    try:
        quantized = pipeline.quantize(build_module(spec), example, calibration, settings(), dtype)
        upstream = lower("upstream", [])
    except ExportError as e:
        return GraphResult(spec, "skipped", f"export: {e}")
    except Exception as e:  # upstream's own failures: nothing to compare the passes with
        return GraphResult(spec, "skipped", f"export: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
    io = upstream.io_quantization
    if "input0" not in io or "output0" not in io or len(io) != 2:
        return GraphResult(spec, "skipped", "not one integer input and one integer output")

    log = PassLog()
    result = GraphResult(spec, "checked")
    try:
        ours = lower("passes", None, log)
    except Exception as e:
        result.fired = dict(log.fired)
        result.programs.append(ProgramResult(config, "fault", f"lowering with the passes failed: {e}"))
        return result
    result.fired = dict(log.fired)
    if ours.io_quantization != io:
        result.programs.append(ProgramResult(config, "mismatch", f"I/O quantization {ours.io_quantization} "
                                             f"vs upstream's {io}"))
        return result

    x = sample_inputs(rng, dtype, io["input0"], shape, SAMPLES)
    np.save(work / "x.npy", x)

    def program(name, lowered):
        (work / f"{name}.pte").write_bytes(lowered.pte)
        return run(ember_tool, work / f"{name}.pte", work)

    baseline = []  # passes upstream's lowering needs to run at all
    theirs, error = program("upstream", upstream)
    if error and "DelegateSizeMismatch" in error and READ_OUTPUT_COPIES in result.fired:
        baseline = [READ_OUTPUT_COPIES]
        del result.fired[READ_OUTPUT_COPIES]
        try:
            theirs, error = program(READ_OUTPUT_COPIES, lower(READ_OUTPUT_COPIES, baseline))
        except Exception as e:
            return GraphResult(spec, "skipped", f"export with {READ_OUTPUT_COPIES} alone: {e}")
    if error:
        return GraphResult(spec, "skipped", f"upstream's program does not run: {error}")
    mine, error = program("passes", ours)
    if error:
        result.programs.append(ProgramResult(config, "fault", error))
        return result
    if GLOBAL_POOL in result.fired:
        # its stated bound (global_pool.py): exact against upstream's lowering of the
        # stride-1 pool, which the other passes are compared with; within TOLERANCE of
        # upstream's program (the pool on the CPU in float) at the pool's outputs,
        # compared where the pool is the network's output
        try:
            stride_1, error = program(GLOBAL_POOL, lower(GLOBAL_POOL, baseline + [GLOBAL_POOL]))
        except Exception as e:
            stride_1, error = None, f"lowering with {GLOBAL_POOL} alone failed: {e}"
        if error:
            result.programs.append(ProgramResult(config, "fault", error))
            return result
        last = spec["nodes"][-1]
        if last["op"] == "gpool" and last["form"] == "avg":
            pool = compare(config, stride_1, theirs, io["output0"], TOLERANCE)
            if pool.outcome != "pass":
                pool.detail = f"{GLOBAL_POOL}: {pool.detail}"
                result.programs.append(pool)
                return result
        theirs = stride_1
    result.programs.append(compare(config, mine, theirs, io["output0"]))
    return result


def run(ember_tool: str, pte: Path, work: Path):
    """(outputs, cycles) of the program on work/x.npy, and None; or (None, the error)."""
    out = work / f"y-{pte.stem}.npy"
    done = subprocess.run([ember_tool, "run", str(pte), "--input", str(work / "x.npy"), "--output", str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        text = " | ".join((done.stderr.strip() or f"exit status {done.returncode}").splitlines()[:3])
        return None, (f"crashed with signal {-done.returncode}: " if done.returncode < 0 else "") + text
    return (np.load(out), _npu_cycles(done.stdout)), None


def compare(config: str, mine, theirs, output_q: dict, tolerance: int = 0) -> ProgramResult:
    """On the integer outputs (ember-tool writes them dequantized): bit for bit, or
    within `tolerance` quantization steps."""
    (ours, cycles), (upstream, _) = mine, theirs

    def integers(y):
        return np.rint(y / output_q["scale"] + output_q["zero_point"]).astype(np.int64).reshape(SAMPLES, -1)

    if ours.shape != upstream.shape:
        return ProgramResult(config, "mismatch", f"output shape {ours.shape} vs upstream's {upstream.shape}", cycles)
    a, b = integers(ours), integers(upstream)
    differ = int((np.abs(a - b) > tolerance).sum())
    if differ:
        bound = f" by more than {tolerance}" if tolerance else ""
        return ProgramResult(config, "mismatch", f"{differ} of {a.size} outputs differ{bound} from upstream's "
                             f"lowering (largest {int(np.abs(a - b).max())})", cycles)
    return ProgramResult(config, "pass", "", cycles)

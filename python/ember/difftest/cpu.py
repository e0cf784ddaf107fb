"""The CPU targets on generated networks (python -m ember.difftest --cpu): each
spec exported by ember's own export for

- `portable` (float, ember's portable kernels), run by `ember-tool run` and by
  upstream's runtime (executorch.runtime) on the same program and inputs, every
  output within rtol 1e-5 / atol 1e-6 (tests/zoo's criterion);
- `e8-he-cpu` (upstream's Cortex-M flow: cortex_m:: int8 kernels, float
  left-overs on portable kernels), run by `ember-tool run` against upstream's
  reference semantics of the same program (its edge program run in torch, each
  cortex_m:: operator by its Python implementation, or as the device computes it
  where that differs: ember/verify/cortex_m_reference.py), bit for bit as
  tests/kernels/test_cortex_m_*.py check (one output step where a kernel's
  reference computes in float), and against the quantized PyTorch module
  the export converted, the largest difference at most CORTEX_M_STEPS output steps
  (tests/zoo's criterion), the module's average pools rounding ties as the
  device's do (a pool's one step on a tie grows by the gain after it:
  cortex_m_reference.pools_rounding_as_the_device). Upstream's runtime has no cortex_m:: kernels to run.

Outcomes per program: pass, rounding (portable beyond the tolerance, but ember
no further from the module's float64 result than ROUNDING times upstream),
mismatch, crash (ember-tool killed by a signal), fault (ember-tool failed
without its named refusal), refused (upstream cannot export the network, or
ember names the operator it has no kernel for, the feature or the dtype it does
not support, or ember's export refuses upstream's program: export/view_layouts.py),
upstream (upstream's program is wrong: ember equals upstream's reference, which
differs from the quantized module, or upstream's runtime refuses the program as
ember does; see CORTEX_M_STEPS for what the first cannot tell apart): a refusal
is an answer, a crash or a wrong output is not."""

import copy
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .generator import build_module

TARGETS = ("portable", "e8-he-cpu")
RTOL, ATOL = 1e-5, 1e-6
# beyond RTOL/ATOL but no further from the module's float64 result than twice
# upstream's own distance from it: float32 rounding in another summation order
# (upstream's host runtime sums a row in 8 lanes, ember in index order)
ROUNDING = 2.0
# The module bound does not hold where a tensor of coarser scale reaches the output
# through an add: one step there, where the module requantizes in float and the
# device in fixed point, is that scale / the output's steps at the output. Seed 2
# graph 12 of the avgpool flavour: a 1x1 conv one step off at 6 of 1768 values,
# its pool at 3 of 504, 11 output steps after the residual add (scale ratio 9.1).
# Such programs count as "upstream" though no layer is more than a step off.
CORTEX_M_STEPS = 3
# kernels whose upstream reference computes in float (CMSIS-NN in fixed point):
# tests/kernels/test_cortex_m_parity.py allows them one output step (average
# pool's reference computes as the device does, so it has none)
STEPS_BY_KERNEL = {"cortex_m::softmax.out": 1}
# ember-tool's own words when it declines a program (src/core/error.h, src/runtime/method.cpp):
# no kernel, a feature not supported, or a kernel naming the dtype it does not take
REFUSALS = re.compile(r"missing operator|no kernel registered|NotSupported|OperatorMissing|not supported"
                      r"|failed: InvalidType")
# ember's words for a program upstream's own runtime refuses the same way
UPSTREAM_INVALID = {
    "aten::cat.out: argument 0 holds a tensor of another rank or dim order than out":
        "upstream's program concatenates tensors of different dim orders, which upstream's portable cat "
        "refuses too (check_cat_args: tensors_have_same_dim_order)",
}


@dataclass
class ProgramResult:
    config: str  # the target
    outcome: str  # pass | rounding | mismatch | crash | fault | refused | upstream
    detail: str = ""
    exact: bool = False  # outputs bit-identical to the reference
    steps: float | None = None  # e8-he-cpu: largest difference in output steps


@dataclass
class GraphResult:
    spec: dict
    programs: list = field(default_factory=list)

    def failures(self):
        return [p for p in self.programs if p.outcome in ("mismatch", "crash", "fault")]


def check_graph(spec: dict, work: Path, ember_tool: str, targets=TARGETS, perturb: float = 0.0) -> GraphResult:
    """perturb: added to ember's outputs before the comparison (shows the check can fail)."""
    import torch

    work.mkdir(parents=True, exist_ok=True)
    module = build_module(spec)
    rng = np.random.default_rng([spec["seed"], spec["index"]])
    shape = (1, *spec["input"])
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
    # inside the calibrated range, and four times past it (int8 saturation)
    samples = [rng.standard_normal(shape).astype(np.float32) * scale for scale in (1.0, 4.0)]
    result = GraphResult(spec)
    for target in targets:
        check = _check_portable if target == "portable" else _check_cortex_m
        result.programs.append(check(module, calibration, samples, work / target, ember_tool, perturb))
    return result


def _export(module, calibration, target):
    """(ExportResult, None) or (None, the refusal's reason)."""
    from ember.export import export_model
    from ember.export.errors import ExportError

    try:
        result = export_model(module, calibration[0], target, calibration=calibration)
    except ExportError as e:
        return None, f"export: {str(e).splitlines()[0][:200]}"
    except Exception as e:  # upstream's own failures on a network torch runs: not ember's to check
        return None, f"export: {type(e).__name__}: {(str(e).splitlines() or [''])[0][:200]}"
    missing = result.report["operators"].get("missing") or []
    if missing:
        return None, f"no ember kernel: {', '.join(missing)}"
    return result, None


def _check_portable(module, calibration, samples, work, tool, perturb) -> ProgramResult:
    import torch
    from executorch.runtime import Runtime

    result, refusal = _export(module, calibration, "portable")
    if refusal:
        return ProgramResult("portable", "refused", refusal)
    work.mkdir(parents=True, exist_ok=True)
    pte = work / "model.pte"
    pte.write_bytes(result.pte)
    method = Runtime.get().load_program(str(pte)).load_method("forward")
    exact = True
    for i, x in enumerate(samples):
        got, failed = _run(tool, pte, x, work / f"x{i}.npy", work / f"y{i}.npy")
        if failed:
            return failed("portable")
        want = method.execute([torch.from_numpy(x)])[0].numpy()
        got = _logical(got, want.shape, output_dim_order(result.pte)) + perturb
        if got.shape != want.shape:
            return ProgramResult("portable", "mismatch", f"sample {i}: output shape {got.shape} vs {want.shape}")
        exact = exact and np.array_equal(got, want)
        bad = ~np.isclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True)
        if bad.any():
            worst = float(np.nanmax(np.abs(got - want)))
            detail = (f"sample {i}: {int(bad.sum())} of {got.size} outputs beyond rtol {RTOL} / atol {ATOL} "
                      f"(largest difference {worst:.3g})")
            with torch.no_grad():
                exact64 = _first(copy.deepcopy(module).double()(torch.from_numpy(x).double())).numpy()
            ours, theirs = float(np.nanmax(np.abs(got - exact64))), float(np.nanmax(np.abs(want - exact64)))
            if ours <= ROUNDING * theirs:
                return ProgramResult("portable", "rounding", f"{detail}; from the float64 result: ember "
                                     f"{ours:.3g}, upstream {theirs:.3g}")
            return ProgramResult("portable", "mismatch", f"{detail}; from the float64 result: ember {ours:.3g}, "
                                 f"upstream {theirs:.3g}")
    return ProgramResult("portable", "pass", exact=exact)


def _check_cortex_m(module, calibration, samples, work, tool, perturb) -> ProgramResult:
    """ember against upstream's reference semantics of the same program (its edge
    program run in torch: bit for bit, or STEPS_BY_KERNEL steps where a kernel's
    reference is float) and against the quantized module, its average pools
    rounding as the device's (CORTEX_M_STEPS)."""
    import torch
    from executorch.exir import ExecutorchBackendConfig

    from ember.export import cortex_m
    from ember.export.errors import ExportError
    from ember.export.kernel_check import available
    from ember.export.pte_summary import summarize
    from ember.verify.cortex_m_reference import pools_rounding_as_the_device, reference_outputs

    target = "e8-he-cpu"
    try:  # ember's export for e8-he-cpu, kept apart to run its edge program too
        quantized = cortex_m.quantize(module, calibration[0], calibration)
        edge = cortex_m.edge_program(quantized, calibration[0])
        inputs = [cortex_m.channels_last((torch.from_numpy(x),)) for x in samples]
        upstream = [_first(y).numpy() for y in reference_outputs(edge, inputs)]
        pte = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False)).buffer
        cortex_m.check_views(pte)
    except ExportError as e:
        return ProgramResult(target, "refused", f"export: {str(e).splitlines()[0][:200]}")
    except Exception as e:  # upstream's flow or its reference ops fail on a network torch runs
        first = (str(e).splitlines() or [""])[0][:160]
        return ProgramResult(target, "refused", f"upstream: {type(e).__name__}: {first}")
    kernels = summarize(pte)["methods"][0]["cpu_operators"]
    missing = sorted(set(kernels) - available()["kernels"])
    if missing:
        return ProgramResult(target, "refused", f"no ember kernel: {', '.join(missing)}")
    work.mkdir(parents=True, exist_ok=True)
    (work / "model.pte").write_bytes(pte)
    step = output_step(quantized)
    module_as_device = pools_rounding_as_the_device(quantized)
    allowed = max([STEPS_BY_KERNEL.get(k, 0) for k in kernels])
    worst_upstream, worst_module, exact = 0.0, 0.0, True
    for i, x in enumerate(samples):
        # the Cortex-M flow's programs take 4-D inputs channels-last in memory
        raw = np.ascontiguousarray(x.transpose(0, 2, 3, 1)) if x.ndim == 4 else x
        got, failed = _run(tool, work / "model.pte", raw, work / f"x{i}.bin", work / f"y{i}.npy")
        if failed:
            return failed(target)
        got = _logical(got, upstream[i].shape, output_dim_order(pte)) + perturb
        if got.shape != upstream[i].shape:
            return ProgramResult(target, "mismatch", f"sample {i}: output shape {got.shape} vs {upstream[i].shape}")
        with torch.no_grad():
            want = _first(module_as_device(torch.from_numpy(x))).numpy()
        exact = exact and np.array_equal(got, upstream[i])
        worst_upstream = max(worst_upstream, float(np.abs(got - upstream[i]).max()) / step)
        worst_module = max(worst_module, float(np.abs(got - want).max()) / step)
    # a whole step computed in float32 can come out a hair above 1.0 steps
    if not worst_upstream <= allowed + 1e-3:
        return ProgramResult(target, "mismatch", f"{worst_upstream:.2f} output steps from upstream's reference "
                             f"(at most {allowed}); {worst_module:.2f} from the quantized module", exact, worst_module)
    if not worst_module <= CORTEX_M_STEPS + 1e-3:
        return ProgramResult(target, "upstream", f"as upstream's reference ({worst_upstream:.2f} steps), "
                             f"{worst_module:.2f} steps from the quantized module (at most {CORTEX_M_STEPS})",
                             exact, worst_module)
    return ProgramResult(target, "pass", "", exact, worst_module)


def _first(y):
    return y[0] if isinstance(y, (tuple, list)) else y


def _run(tool, pte: Path, x: np.ndarray, source: Path, out: Path):
    """(ember-tool's output, None), or (None, a function of the target giving the failure)."""
    if source.suffix == ".bin":
        source.write_bytes(x.tobytes())
    else:
        np.save(source, x)
    run = subprocess.run([tool, "run", str(pte), "--input", str(source), "--output", str(out)],
                         capture_output=True, text=True, timeout=300)
    if run.returncode == 0:
        return np.load(out), None
    text = " | ".join((run.stderr.strip() or f"exit status {run.returncode}").splitlines()[:3])[:300]
    if run.returncode < 0:
        outcome, text = "crash", f"killed by signal {-run.returncode}: {text}"
    else:
        known = [why for words, why in UPSTREAM_INVALID.items() if words in run.stderr]
        outcome = "upstream" if known else "refused" if REFUSALS.search(run.stderr) else "fault"
        text = known[0] if known else text
    return None, lambda target: ProgramResult(target, outcome, text)


def output_dim_order(pte: bytes) -> list:
    """The memory order of the program's output 0 (ember-tool writes that order)."""
    from executorch.exir._serialize._program import deserialize_pte_binary

    plan = deserialize_pte_binary(pte).program.execution_plan[0]
    return list(plan.values[plan.outputs[0]].val.dim_order)


def _logical(got: np.ndarray, shape: tuple, dim_order: list) -> np.ndarray:
    """ember's output (sizes in memory order) back in the module's logical order."""
    if got.size != int(np.prod(shape)):
        return got
    if len(dim_order) == len(shape) and dim_order != sorted(dim_order):
        return got.reshape([shape[d] for d in dim_order]).transpose(np.argsort(dim_order))
    return got.reshape(shape)


def output_step(quantized_module) -> float:
    """The scale of the last dequantize before the module's output: one output step."""
    graph = quantized_module.graph
    node = [n for n in graph.nodes if n.op == "output"][0].args[0]
    node = node[0] if isinstance(node, (tuple, list)) else node
    while "dequantize" not in str(node.target):
        node = node.args[0]
    return float(node.args[1])

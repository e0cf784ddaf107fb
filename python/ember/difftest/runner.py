"""One generated network through the whole check: ember's export pipeline (once,
e8-he, Shared_Sram, integer I/O, the TOSA graph kept; for the U85, e8-hp-u85:
upstream partitions for each NPU family), then for each NPU and
memory mode the kept TOSA graph through Vela (upstream's own Vela wrapper) into
the same program, `ember-tool run` on the simulated NPU, and
`tosa_reference_model` on the same graph and inputs, compared bit for bit.

Outcomes per program: pass, mismatch, fault (ember-tool failed or crashed); for
the network: skipped (upstream cannot export it whole onto the NPU, the TOSA graph
upstream wrote is inconsistent, or the TOSA reference refuses it)."""

import math
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .generator import build_module, value_shapes
from .mutate import mutate_constants
from .tosa_checks import inconsistencies

# (target, memory mode): both NPUs, both placements of the weights.
CONFIGS = (("e8-he", "Shared_Sram"), ("e8-hp", "Shared_Sram"), ("e8-he", "Sram_Only"), ("e8-hp", "Sram_Only"))
# The E8's Ethos-U85-256 in both placements (python -m ember.difftest --npu u85).
U85_CONFIGS = (("e8-hp-u85", "Shared_Sram"), ("e8-hp-u85", "Sram_Only"))
SAMPLES = 2


@dataclass
class ProgramResult:
    config: str
    outcome: str  # pass | mismatch | fault
    detail: str = ""
    cycles: int | None = None  # ember's NPU cycle estimate
    vela_cycles: int | None = None


@dataclass
class GraphResult:
    spec: dict
    outcome: str  # checked | skipped
    detail: str = ""
    programs: list = field(default_factory=list)
    fired: dict = field(default_factory=dict)  # ember's passes that fired (--passes): name -> rewrites

    def failures(self):
        return [p for p in self.programs if p.outcome in ("mismatch", "fault")]


def check_graph(spec: dict, work: Path, ember_tool: str, configs=CONFIGS, variants=(0,)) -> GraphResult:
    """variants: the weight sets to check (0 the exported one, k > 0 mutate.py's k-th).
    configs: of one NPU family (the U55's or the U85's), exported once for its first."""
    import torch

    from ember.export import pipeline
    from ember.export.errors import ExportError
    from ember.export.targets import e8_vela_config, get_target

    work.mkdir(parents=True, exist_ok=True)
    dtype = spec["dtype"]
    module = build_module(spec)
    rng = np.random.default_rng([spec["seed"], spec["index"]])
    shape = (1, *spec["input"])
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(4)]
    example = calibration[0]
    base = U85_CONFIGS[0] if configs[0][0] == U85_CONFIGS[0][0] else CONFIGS[0]
    base_target, base_mode = base
    tgt = get_target(base_target)
    compile_spec = pipeline.compile_spec(tgt, base_mode, tgt.system_config, e8_vela_config(), str(work / "lowering"))
    try:
        quantized = pipeline.quantize(module, example, calibration, compile_spec, dtype)
        lowered, nodes = pipeline.lower(quantized, example, tgt, compile_spec, dtype)
    except ExportError as e:
        return GraphResult(spec, "skipped", f"export: {e}")
    except Exception as e:  # upstream's own failures on a graph it accepted: not ember's to check
        return GraphResult(spec, "skipped", f"export: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
    cpu = [n["name"] for n in nodes if n["placement"] == "CPU"]
    tosa_files = sorted((work / "lowering").glob("output_tag*.tosa"))
    if cpu or len(tosa_files) != 1:
        return GraphResult(spec, "skipped", f"not wholly on the NPU: {len(tosa_files)} partitions, CPU: {cpu}")
    broken = inconsistencies(tosa_files[0], math.prod(value_shapes(spec)[-1]))
    if broken:
        return GraphResult(spec, "skipped", f"upstream wrote an inconsistent TOSA graph: {'; '.join(broken)}")
    io = lowered.io_quantization
    if "input0" not in io or "output0" not in io or len(io) != 2:
        return GraphResult(spec, "skipped", "not one integer input and one integer output")

    x = sample_inputs(rng, dtype, io["input0"], shape)
    np.save(work / "x.npy", x)
    try:
        reference = reference_outputs(tosa_files[0], x, work)
    except RuntimeError as e:
        return GraphResult(spec, "skipped", f"no TOSA reference: {str(e).strip().splitlines()[-1][:200]}")

    result = GraphResult(spec, "checked")
    original = tosa_files[0].read_bytes()
    for variant in variants:
        tosa_file = tosa_files[0]
        if variant:
            tosa_file = work / f"variant{variant}.tosa"
            tosa_file.write_bytes(mutate_constants(original, _variant_seed(spec, variant)))
            try:
                reference = reference_outputs(tosa_file, x, work)
            except RuntimeError:
                continue
        for target, mode in configs:
            pte = work / f"v{variant}-{target}-{mode}.pte"
            if variant == 0 and (target, mode) == base:
                pte.write_bytes(lowered.pte)  # ember's export itself
                vela_dir = work / "lowering"
            else:
                vela_dir = work / f"vela-v{variant}-{target}-{mode}"
                payload = vela_payload(tosa_file.read_bytes(), get_target(target), mode, vela_dir)
                pte.write_bytes(with_payload(lowered.pte, payload, memory_constants(get_target(target), mode)))
            program = run_program(ember_tool, pte, f"{target}/{mode}/w{variant}", work, io["output0"], reference)
            program.vela_cycles = _vela_cycles(vela_dir)
            result.programs.append(program)
    return result


def _variant_seed(spec: dict, variant: int) -> list:
    return [spec["seed"], spec["index"], variant]


def sample_inputs(rng, dtype: str, quantization: dict, shape, count: int = SAMPLES) -> np.ndarray:
    """int8: the whole range (saturation everywhere). int16: values the calibration
    saw (N(0, 1) at the input's scale): upstream's a16w8 graphs keep sums and
    products in int32 (a mean is REDUCE_SUM then MUL), which full-range int16
    inputs overflow, and TOSA wraps where the NPU saturates."""
    info = np.iinfo(np.dtype(dtype))
    if dtype == "int8":
        return rng.integers(info.min, info.max + 1, size=(count, *shape), dtype=np.int8)
    values = rng.standard_normal((count, *shape)) / quantization["scale"] + quantization["zero_point"]
    return np.clip(np.rint(values), info.min, info.max).astype(np.int16)


def reference_outputs(tosa_file: Path, x: np.ndarray, work: Path) -> np.ndarray:
    from ember.verify.tosa_reference import run_reference

    return np.stack([run_reference(tosa_file, x[i], work / f"ref{i}") for i in range(len(x))])


def vela_payload(tosa: bytes, tgt, mode: str, work: Path) -> bytes:
    """The delegate payload upstream's Ethos-U backend makes of this TOSA graph."""
    from executorch.backends.arm.arm_vela import vela_compile

    from ember.export import pipeline
    from ember.export.targets import e8_vela_config

    spec = pipeline.compile_spec(tgt, mode, tgt.system_config, e8_vela_config(), None)
    work.mkdir(parents=True, exist_ok=True)
    with pipeline._quiet_stdout():
        return vela_compile(tosa, list(spec.compiler_flags), intermediate_path=str(work))


def memory_constants(tgt, mode: str) -> dict:
    """The memory constants ember's export records for this NPU and memory mode."""
    from ember.export import pipeline
    from ember.export.npu_memory import memory_constants as constants
    from ember.export.targets import e8_vela_config

    return constants(pipeline.compile_spec(tgt, mode, tgt.system_config, e8_vela_config(), None).compiler_flags)


def with_payload(pte: bytes, payload: bytes, constants: dict | None = None) -> bytes:
    """The program with its one Ethos-U delegate's payload replaced, and the
    values of the constant methods named in `constants` (which must exist)."""
    from executorch.exir._serialize._program import deserialize_pte_binary, serialize_pte_binary
    from executorch.exir.schema import Double, Int

    pte_file = deserialize_pte_binary(pte)
    (delegate_data,) = pte_file.program.backend_delegate_data
    delegate_data.data = payload
    plans = {plan.name: plan for plan in pte_file.program.execution_plan}
    for name, value in (constants or {}).items():
        (evalue,) = plans[name].values
        evalue.val = Double(float(value)) if isinstance(value, float) else Int(int(value))
    return bytes(serialize_pte_binary(pte_file))


def run_program(ember_tool: str, pte: Path, config: str, work: Path, output_q: dict, reference) -> ProgramResult:
    out = work / f"y-{pte.stem}.npy"
    run = subprocess.run([ember_tool, "run", str(pte), "--input", str(work / "x.npy"), "--output", str(out)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        message = (run.stderr.strip() or f"exit status {run.returncode}").splitlines()
        text = " | ".join(message[:3])
        if run.returncode < 0:
            return ProgramResult(config, "fault", f"crashed with signal {-run.returncode}: {text}")
        return ProgramResult(config, "fault", text)
    ours = np.rint(np.load(out) / output_q["scale"] + output_q["zero_point"]).astype(np.int64)
    ours = ours.reshape(len(reference), -1)
    theirs = reference.reshape(len(reference), -1).astype(np.int64)
    cycles = _npu_cycles(run.stdout)
    if ours.shape != theirs.shape:
        return ProgramResult(config, "mismatch", f"output shape {ours.shape} vs reference {theirs.shape}", cycles)
    differ = int((ours != theirs).sum())
    if differ:
        return ProgramResult(config, "mismatch", f"{differ} of {ours.size} outputs differ (largest "
                             f"{int(np.abs(ours - theirs).max())})", cycles)
    return ProgramResult(config, "pass", "", cycles)


def _vela_cycles(vela_dir: Path) -> int | None:
    """Vela's estimate of the whole network (its summary's cycles_total)."""
    import csv

    for summary in (vela_dir / "output").glob("*_summary_*.csv"):
        with open(summary) as f:
            return int(float(next(csv.DictReader(f))["cycles_total"]))
    return None


def _npu_cycles(stdout: str) -> int | None:
    import re

    match = re.search(r"NPU[^\n]*?([0-9][0-9,]*) cycles", stdout)
    return int(match.group(1).replace(",", "")) if match else None

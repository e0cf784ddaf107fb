"""`ember verify MODEL.pte`: runs the program on the host (ember's runtime and
simulated NPU) and in the QEMU firmware, and, given the model it came from
(--model), on the TOSA reference model (the graph Vela compiled) and on the
quantized PyTorch module; prints how each agrees with the host run: bit-exact
or the largest difference, and top-1 agreement. Given an upstream
BundledProgram (.bpte), its test cases are the inputs, and the host run is also
compared with the bundle's expected outputs. Exit status 1 when the firmware or
the TOSA reference is not bit-exact with the host, or the host run misses the
bundle's expected outputs (beyond --rtol/--atol)."""

import json
import math
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ember import bundled_program
from ember.errors import UserError
from ember.export.errors import ExportError
from ember.firmware import build, qemu

# The tensor dtypes `ember inspect --json` names, as numpy reads their bytes.
DTYPES = {"int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64, "uint8": np.uint8,
          "uint16": np.uint16, "float32": np.float32, "float64": np.float64, "bool": np.bool_}


@dataclass
class Agreement:
    name: str
    cases: int
    bit_exact: int | None  # None: the arithmetic differs by design (float reference)
    largest_difference: float
    top1: int

    def row(self) -> str:
        exact = "-" if self.bit_exact is None else f"{self.bit_exact}/{self.cases}"
        return f"{self.name:34} {self.cases:>5} {exact:>10} {self.largest_difference:>13.6g} {self.top1:>5}/{self.cases}"


def add_arguments(parser, name):
    parser.add_argument("pte", type=Path, help="the exported program, or a BundledProgram .bpte (its test cases)")
    parser.add_argument("--inputs", type=Path, nargs="*", default=[],
                        help=".npy files or directories of them (default: seeded random inputs)")
    parser.add_argument("--cases", type=build.positive_int, help="number of inputs (default 3; a .bpte: all of its)")
    rtol, atol = bundled_program.TOLERANCE
    parser.add_argument("--rtol", type=float, default=rtol, help=f"a .bpte's expected outputs: relative tolerance "
                        f"(default {rtol:g}, upstream's)")
    parser.add_argument("--atol", type=float, default=atol, help=f"a .bpte's expected outputs: absolute tolerance "
                        f"(default {atol:g}, upstream's)")
    parser.add_argument("--model", metavar="MODEL.py", help="the model file the .pte was exported from: adds the "
                        "TOSA reference and the quantized PyTorch module (re-exported with the options below)")
    parser.add_argument("--weights", help="state_dict for --model")
    parser.add_argument("--calibration", help="calibration data used by the export (.npy/.npz)")
    parser.add_argument("--target", default="e8-he", help="the export target (default e8-he)")
    parser.add_argument("--no-qemu", action="store_true", help="skip the firmware run")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the table as JSON (`ember report --verify`)")


def _info(pte: Path) -> dict:
    return next(m for m in build.inspect_program(pte)["methods"] if m["name"] == "forward")


def _array(data: bytes, tensor: dict) -> np.ndarray:
    return np.frombuffer(data, dtype=DTYPES[tensor["dtype"]]).reshape(tensor["shape"])


def _check_outputs(method: dict, pte: Path) -> None:
    for i, tensor in enumerate(method["outputs"]):
        if tensor.get("dtype") not in DTYPES:
            raise UserError(f"{pte} output {i} is {tensor.get('dtype')}, which verify cannot compare",
                            f"compare outputs of type {', '.join(DTYPES)}")


def _dequantized(x: np.ndarray, tensor: dict) -> np.ndarray:
    if "scale" in tensor and np.issubdtype(x.dtype, np.integer):
        return (x.astype(np.float64) - tensor["zero_point"]) * tensor["scale"]
    return x.astype(np.float64)


def _compare(name: str, ours: list[np.ndarray], theirs: list[np.ndarray], exact: bool) -> Agreement:
    diff = max(float(np.abs(a.astype(np.float64) - b.astype(np.float64)).max()) for a, b in zip(ours, theirs))
    same = sum(bool(np.array_equal(a, b)) for a, b in zip(ours, theirs))
    top1 = sum(int(np.argmax(a) == np.argmax(b)) for a, b in zip(ours, theirs))
    return Agreement(name, len(ours), same if exact else None, diff, top1)


def run(args) -> int:
    from ember.firmware import plan

    if args.no_qemu and not args.model and not bundled_program.is_bundle(args.pte):
        raise UserError("--no-qemu without --model leaves nothing to compare with the host",
                        "drop --no-qemu, or give --model MODEL.py (with the export's --weights and --calibration)")
    with tempfile.TemporaryDirectory(prefix="ember-verify-") as tmp:
        try:
            return _verify(args, Path(tmp))
        except plan.PlanError as e:
            raise build.as_user_error(e) from e


def _host_cases(program: build.Program, args, work: Path) -> list:
    if program.bundle:
        return build.bundled_cases(program, args.inputs, args.cases, work)
    return build.collect_cases(program.pte, args.inputs, args.cases or 3, work)


def _against_bundle(program: build.Program, cases: list, args) -> tuple[Agreement, bool]:
    """The host run against the bundle's expected outputs: bit-exact where the
    dtypes agree; a miss beyond --rtol/--atol fails verify."""
    checked, close, largest = build.bundle_agreement(program, cases, args.rtol, args.atol)
    expected = [(case, outs) for case, (_, outs) in zip(program.bundle, cases) if case.expected_outputs]
    method = _info(program.pte)
    same_dtype = all(e.dtype.name == t["dtype"] for case, _ in expected
                     for e, t in zip(case.expected_outputs, method["outputs"]))
    got = [[bundled_program.host_output_as_expected(d, t, e) for d, t, e in
            zip(outs, method["outputs"], case.expected_outputs)] for case, outs in expected]
    exact = sum(all(np.array_equal(g, e) for g, e in zip(gs, case.expected_outputs))
                for gs, (case, _) in zip(got, expected))
    top1 = sum(int(np.argmax(gs[0]) == np.argmax(case.expected_outputs[0])) for gs, (case, _) in zip(got, expected))
    row = Agreement("bundle's expected outputs vs host", checked, exact if same_dtype else None, largest, top1)
    if checked == 0:
        print("note: the bundle's cases carry no expected outputs", file=sys.stderr)
    return row, close != checked


def _verify(args, work: Path) -> int:
    program = build.open_program(args.pte, work / "bundle")
    method = _info(program.pte)
    _check_outputs(method, args.pte)
    if not args.no_qemu:
        qemu.command(args.pte)  # QEMU is there, before the host runs
    out_tensor = method["outputs"][0]
    count = len(program.bundle[:args.cases]) if program.bundle else args.cases or 3
    print(f"[1/4] host: ember's runtime and simulated NPU on {count} inputs ...", file=sys.stderr)
    cases = _host_cases(program, args, work)
    host = [_array(outs[0], out_tensor) for _, outs in cases]
    rows: list[Agreement] = []
    failed = False
    if program.bundle:
        row, missed = _against_bundle(program, cases, args)
        rows.append(row)
        failed |= missed

    if not args.no_qemu:
        print("[2/4] QEMU firmware (Cortex-M55, simulated NPU in the image) ...", file=sys.stderr)
        image = build.build(program.pte, "qemu-an547", work / "firmware", case_count=len(cases), log=lambda m: None,
                            case_table=cases)
        result = qemu.run(image.elf, timeout=600)
        passed = result.output.count("  PASS")
        # The firmware compares its outputs with the host's byte for byte; PASS means identical.
        rows.append(Agreement("QEMU firmware (M55) vs host", image.case_count, passed, 0.0 if passed == image.case_count
                              else float("nan"), passed))
        failed |= result.status != 0

    if args.model:
        print("[3/4] re-exporting the model for its TOSA graph and quantized module ...", file=sys.stderr)
        try:
            reference_rows, mismatch = _against_model(args, program, method, cases, host, work)
        except ExportError as e:
            raise UserError(f"re-exporting --model {args.model} failed: {e.problem}",
                            e.fix or "give verify the model file and options the .pte was exported with "
                            "(--weights, --calibration, --target)") from e
        rows += reference_rows
        failed |= mismatch

    print("[4/4] done", file=sys.stderr)
    print(f"\nverify {args.pte}: output 0 {out_tensor['dtype']} {out_tensor['shape']}")
    print(f"{'comparison':34} {'cases':>5} {'bit-exact':>10} {'largest diff':>13} {'top-1':>7}")
    for row in rows:
        print(row.row())
    if not rows:
        print("(nothing to compare: give --model, or drop --no-qemu)")
    if args.json:
        write_json(args.json, args.pte, out_tensor, rows)
    return 1 if failed else 0


def write_json(path: Path, pte: Path, out_tensor: dict, rows: list[Agreement]) -> None:
    """The table as JSON; a difference that is not a number (no comparison) is null."""
    table = [{**asdict(row), "largest_difference": row.largest_difference
              if math.isfinite(row.largest_difference) else None} for row in rows]
    try:
        Path(path).write_text(json.dumps({"program": str(pte), "output": {k: out_tensor[k] for k in ("dtype", "shape")},
                                          "rows": table}, indent=1))
    except OSError as e:
        raise UserError(f"cannot write {path} ({e.strerror})", "give --json a writable path") from e


def _against_model(args, program, method, cases, host, work):
    import torch

    from ember.export.api import export_model
    from ember.export.calibration import load_calibration
    from ember.export.model_file import load_model_file
    from .tosa_reference import run_reference

    module, example = load_model_file(args.model, args.weights)
    samples = load_calibration(args.calibration, example)
    in_tensor, out_tensor = method["inputs"][0], method["outputs"][0]
    io = "int8" if in_tensor["dtype"] == "int8" else "float"
    result = export_model(module, example, args.target, calibration=samples, io=io, keep_dir=str(work / "keep"))
    rows, mismatch = [], False
    # The .pte records the export's temporary directory, so bytes differ between
    # exports; what must match is what the program computes.
    reexport = work / "reexport.pte"
    reexport.write_bytes(result.pte)
    again = _host_cases(build.Program(reexport, program.bundle), args, work / "reexport")
    if [outs for _, outs in again] != [outs for _, outs in cases]:
        print("warning: the re-export of --model computes different outputs from this .pte (other weights, "
              "calibration or target?): the references below belong to the re-export", file=sys.stderr)
    tosa_files = sorted((work / "keep" / "lowering").glob("output_tag*.tosa"))
    if len(tosa_files) == 1 and io == "int8" and out_tensor["dtype"] == "int8":
        reference = [run_reference(tosa_files[0], _array(ins[0], in_tensor), work / f"tosa{i}").reshape(host[i].shape)
                     for i, (ins, _) in enumerate(cases)]
        row = _compare("TOSA reference model vs host", host, reference, exact=True)
        rows.append(row)
        mismatch = row.bit_exact != row.cases
    else:
        print("note: the TOSA reference needs int8 I/O and one NPU partition (export with --io int8)", file=sys.stderr)
    quantized = result.quantized_module
    if quantized is not None:
        outputs = []
        with torch.no_grad():
            for ins, _ in cases:
                x = torch.from_numpy(_dequantized(_array(ins[0], in_tensor), in_tensor).astype(np.float32))
                outputs.append(quantized(x).numpy())
        ours = [_dequantized(h, out_tensor) for h in host]
        rows.append(_compare("quantized PyTorch module vs host", ours, outputs, exact=False))
    return rows, mismatch

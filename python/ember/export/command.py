"""`ember export MODEL.py -o model.pte --target e8-he|e8-hp|e8-hp-u85 ...`, and
`ember export MODEL.py --target compare`: the model exported for each of the
E8's NPUs, side by side, no program written."""

import sys
import warnings
from pathlib import Path

from .compare import NPU_TARGETS
from .errors import ExportError
from .targets import MEMORY_MODES, TARGETS
from .vela import require_vela

EPILOG = """MODEL.py defines `model()` returning a torch.nn.Module and `example_inputs()`
returning a tuple of tensors. --calibration takes a .npy of samples (N, *input shape)
or a .npz with one array per input."""


def add_arguments(parser, name):
    parser.epilog = EPILOG
    parser.add_argument("model_file", metavar="MODEL.py")
    parser.add_argument("-o", "--output", metavar="PTE", help="the .pte to write (not with --target compare)")
    parser.add_argument("--target", default="e8-he",
                        help=f"one of: {', '.join(TARGETS)} (default e8-he), or compare: "
                        f"{', '.join(NPU_TARGETS)} side by side")
    parser.add_argument("--calibration", metavar="DATA", help=".npy or .npz calibration samples")
    parser.add_argument("--report", metavar="JSON|HTML", help="also write the report as JSON (and lower once more "
                        "without each graph pass that fired, to report what each saved); a .html name writes "
                        "`ember report`'s page of the program")
    parser.add_argument("--io", default="float", choices=["float", "int8", "int16"],
                        help="program inputs/outputs: float (default), or the activation type (no CPU q/dq)")
    parser.add_argument("--activations", default="int8", choices=["int8", "int16"],
                        help="int8 (default) or int16: upstream's a16w8 (16-bit activations, 8-bit weights)")
    parser.add_argument("--memory-mode", default="auto", choices=["auto", *MEMORY_MODES],
                        help="where weights live; auto picks the fastest that fits (default)")
    parser.add_argument("--system-config", help="Vela system config (default: the target's E8 config)")
    parser.add_argument("--vela-config", help="Vela .ini (default: ember's E8 description)")
    parser.add_argument("--weights", metavar="FILE", help="state_dict to load into the model")
    parser.add_argument("--io-layout", default="nchw", choices=["nchw", "nhwc"],
                        help="memory layout of 4-D inputs and outputs: nchw (default, PyTorch's) or nhwc "
                        "(channels last: the NPU skips the boundary transposes; ember run takes and "
                        "writes NHWC arrays)")
    parser.add_argument("--no-passes", action="store_true",
                        help="upstream's lowering as is: none of ember's graph passes before Vela")
    parser.add_argument("--keep", metavar="DIR", help="keep the TOSA graph and Vela's outputs here")
    parser.add_argument("--allow-missing", action="store_true",
                        help="write the program even if ember has no kernel for some of its CPU operators (exit 0)")


def run(args) -> int:
    from .api import export_model
    from .calibration import load_calibration
    from .kernel_check import missing_error, unbound_error
    from .model_file import load_model_file
    from .report import format_table, write_json
    from .targets import get_target

    comparing = args.target == "compare"
    if comparing and args.output:
        raise ExportError("--target compare writes no program", "leave out -o")
    if comparing and args.system_config:
        raise ExportError("--system-config names one target's system", "leave it out with --target compare")
    if comparing and args.report and _is_html(args.report):
        raise ExportError("--target compare writes its report as JSON", "give --report a .json name")
    if not comparing and not args.output:
        raise ExportError("no program to write", "give -o PTE (or --target compare)")
    target = None if comparing else get_target(args.target)  # fail fast, before importing torch
    if comparing or target.accelerator:
        require_vela()
    print(f"loading {args.model_file} ...", file=sys.stderr)
    module, inputs = load_model_file(args.model_file, args.weights)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        samples = load_calibration(args.calibration, inputs)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    options = dict(calibration=samples, io=args.io, activations=args.activations,
                   memory_mode=args.memory_mode, system_config=args.system_config,
                   config_ini=args.vela_config, keep_dir=args.keep, passes=[] if args.no_passes else None,
                   io_layout=args.io_layout)
    if comparing:
        return _compare(args, module, inputs, options)
    steps = "quantize, lower" if not target.accelerator else "quantize, lower, Vela"
    print(f"exporting for {args.target} ({steps}) ...", file=sys.stderr)
    result = export_model(module, inputs, args.target, **options, model_name=args.model_file,
                          output_name=args.output, pass_savings=bool(args.report),
                          progress=lambda message: print(message, file=sys.stderr, flush=True))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_bytes(result.pte)
    print(format_table(result.report))
    if args.report and _is_html(args.report):
        from ember.report import collect, command as report_command
        report_command.write(args.report, collect.gather(args.output, export_data=result.report))
        print(f"report written to {args.report}")
    elif args.report:
        write_json(result.report, args.report)
        print(f"report written to {args.report}")
    if result.report["operators"].get("unbound_delegates") and not args.allow_missing:
        raise unbound_error(result.report)
    if result.report["operators"]["missing"] and not args.allow_missing:
        others = [name for name in TARGETS if name != target.name]
        raise missing_error(result.report, others)
    return 0


def _is_html(path: str) -> bool:
    return path.lower().endswith((".html", ".htm"))


def _compare(args, module, inputs, options) -> int:
    from .compare import compare_targets, format_comparison
    from .report import write_json

    print(f"exporting for {', '.join(NPU_TARGETS)} (quantize, lower, Vela each) ...", file=sys.stderr)
    rows = compare_targets(module, inputs, **options)
    print(format_comparison(args.model_file, rows))
    if args.report:
        write_json({"model": args.model_file, "targets": rows}, args.report)
        print(f"report written to {args.report}")
    return 0

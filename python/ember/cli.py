"""The `ember` command. Each subcommand lives in its own module with
`add_arguments(parser)` and `run(args) -> int`; torch is imported only by the
commands that need it (export), so inspect/run/build answer fast."""

import argparse
import importlib
import sys
import traceback

from ember.errors import EXIT_BAD_INPUT, ArgumentParser, UserError

# name -> (module, one-line help)
COMMANDS = {
    "export": ("ember.export.command", "PyTorch model -> INT8 ExecuTorch .pte for the E8's Ethos-U55s or Ethos-U85"),
    "inspect": ("ember.host_tool", "show a .pte's (or a .bpte's program's) structure (C++ tool)"),
    "run": ("ember.host_tool", "run a .pte or .bpte on the host (C++ tool), or with --board qemu-an547 in the firmware"),
    "build": ("ember.firmware.build", "the runner firmware for a board (.elf/.bin, flashing files)"),
    "verify": ("ember.verify.command", "host vs QEMU firmware vs TOSA reference vs quantized PyTorch, one table"),
    "report": ("ember.report.command", "one HTML page: time per operation, placement, memory map, sizes, accuracy"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="ember", description="PyTorch models to the Alif Ensemble E8 (Cortex-M55, Ethos-U55, Ethos-U85), "
        "run and checked on the host and in QEMU before a board is at hand.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if not module_name.startswith(e.name or "?"):
                raise
            continue  # command not built yet
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command_parser, name)
        command_parser.set_defaults(handler=module.run)
    return parser


# Commands whose arguments belong to the C++ tool, --help included.
PASSTHROUGH = ("inspect", "run")


def main(argv=None) -> int:
    """Runs a command; bad input (UserError) ends in one line `error: ...`, exit 2.
    `--debug` anywhere adds the traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    try:
        return _dispatch(argv)
    except UserError as e:
        if debug:
            traceback.print_exc()
        if e.detail:
            print(e.detail.rstrip(), file=sys.stderr)
        print(f"error: {e.line()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug in ember: still one line unless asked for more
        if debug:
            raise
        message = " ".join(f"{type(e).__name__}: {e}".split())
        print(f"error: internal error ({message}); rerun with `ember --debug ...` for the traceback and report it",
              file=sys.stderr)
        return 1


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "run" and any(a == "--board" or a.startswith("--board=") for a in argv):
        from ember.firmware import run_command
        return run_command.main(argv[1:])
    if argv and argv[0] in PASSTHROUGH:
        from ember import host_tool
        return host_tool.call(argv[0], argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())

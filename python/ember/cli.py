"""The `ember` command. Each subcommand lives in its own module with
`add_arguments(parser)` and `run(args) -> int`; torch is imported only by the
commands that need it (export), so inspect/run/build answer fast."""

import argparse
import importlib
import sys

# name -> (module, one-line help)
COMMANDS = {
    "export": ("ember.export.command", "PyTorch model -> INT8 ExecuTorch .pte for the E8's Ethos-U55"),
    "inspect": ("ember.host_tool", "show a .pte's structure (C++ tool)"),
    "run": ("ember.host_tool", "run a .pte on the host (C++ tool), or with --board qemu-an547 in the firmware"),
    "build": ("ember.firmware.build", "the runner firmware for a board (.elf/.bin, flashing files)"),
    "verify": ("ember.verify.command", "host vs QEMU firmware vs TOSA reference vs quantized PyTorch, one table"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ember", description="PyTorch models to the Alif Ensemble E8 (Cortex-M55 + Ethos-U55), "
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
    argv = sys.argv[1:] if argv is None else argv
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

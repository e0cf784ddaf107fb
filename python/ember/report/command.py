"""`ember report PROGRAM.pte -o report.html`: the page, from the tools (see collect)."""

from pathlib import Path

from ember.errors import UserError

from . import collect, page


def add_arguments(parser, name):
    parser.add_argument("pte", type=Path, help="the exported program")
    parser.add_argument("-o", "--out", type=Path, default=Path("report.html"), help="the HTML file (default report.html)")
    parser.add_argument("--board", help="the board whose memory map to draw: " + ", ".join(collect.e8_boards())
                        + " (default: the E8 core of the program's NPU)")
    parser.add_argument("--export-report", type=Path, metavar="JSON",
                        help="the export report (`ember export --report`): adds Vela's per-layer estimate")
    parser.add_argument("--verify", type=Path, metavar="JSON", help="the accuracy table (`ember verify --json`)")


def write(out: Path, data: dict) -> None:
    try:
        Path(out).write_text(page.render(data))
    except OSError as e:
        raise UserError(f"cannot write {out} ({e.strerror})", "give -o a writable path") from e


def run(args) -> int:
    data = collect.gather(args.pte, args.board, args.export_report, args.verify)
    write(args.out, data)
    print(f"report written to {args.out}")
    return 0

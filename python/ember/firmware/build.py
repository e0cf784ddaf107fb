"""`ember build MODEL.pte --board BOARD -o DIR`: the runner firmware for a board,
with the model, a few test cases and an exact memory plan built in. MODEL may
be an upstream BundledProgram (.bpte): its program is built in, with its forward
test cases."""

import argparse
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ember import bundled_program, host_tool
from ember.errors import UserError

from . import boards, cases, plan

REPO = boards.REPO
TOOLCHAIN = REPO / "cmake" / "arm-none-eabi.cmake"


class BuildError(UserError):
    pass


@dataclass
class Image:
    board: dict
    elf: Path
    bin: Path | None
    plan: plan.Plan
    case_count: int
    extra: list[Path]


def inspect_program(pte: Path) -> dict:
    """`ember inspect --json` of a program with a forward method, or BuildError
    with the host tool's own message."""
    if not Path(pte).is_file():
        raise BuildError(f"{pte}: no such file", "give the path of an exported .pte")
    done = subprocess.run([str(host_tool.tool_path()), "inspect", str(pte), "--json"], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"{pte} is not a program ember can read: {_tool_error(done.stderr)}",
                         "export it again with `ember export`")
    info = json.loads(done.stdout)
    if not any(m["name"] == "forward" for m in info["methods"]):
        raise BuildError(f"{pte} has no forward method", "export the model's forward with `ember export`")
    return info


def check_npu(info_method: dict, pte: Path, board: dict) -> dict:
    """The board as the program drives it: its "npu" the NPU the delegates were
    compiled for (the core's Ethos-U55, or the Ethos-U85 board.json names as
    npu_u85; a simulated NPU takes either). A program compiled for an NPU the
    board lacks, or for another size, stops here."""
    delegates = info_method.get("delegates", [])
    wants_u85 = any(d.get("npu", "Ethos-U55") == "Ethos-U85" for d in delegates)
    if boards.simulated_npu(board):
        return boards.with_npu(board, "npu_u85" if wants_u85 else "npu")
    if wants_u85 and "npu_u85" not in board:
        raise BuildError(f"{pte.name} was compiled for an Ethos-U85, which {board['name']}'s core does not drive",
                         "build it for alif-e8-hp (the E8's Ethos-U85 is the HP core's), or export for the board's "
                         "Ethos-U55 (--target e8-he)")
    driven = boards.with_npu(board, "npu_u85" if wants_u85 else "npu")
    macs = driven["npu"].get("macs", 0)
    for d in delegates:
        wanted = d.get("npu_macs")
        if macs and wanted and wanted != macs:
            npu = d.get("npu", "Ethos-U55")
            raise BuildError(f"{pte.name} was compiled for an {npu}-{wanted}, {board['name']}'s {npu} is an "
                             f"{npu}-{macs}", "export it with the matching target")
    return driven


def measure_needs(pte: Path, model_in_sram: bool, board: dict | None = None, run_args=()) -> plan.Needs:
    """What the program needs, from the host tool: the planned buffers from the
    .pte, the method allocator and temp peak from one run of the same runtime code
    (run_args: more options for that run, e.g. --profile-json FILE)."""
    info = inspect_program(pte)
    method = next(m for m in info["methods"] if m["name"] == "forward")
    tool = str(host_tool.tool_path())
    if board:
        check_npu(method, pte, board)
    done = subprocess.run([tool, "run", str(pte), *run_args], capture_output=True, text=True)
    found = re.search(r"method allocator (\d+) of \d+ bytes, planned buffers \d+ bytes, temp peak (\d+) bytes"
                      r", NPU chain peak (\d+) bytes, NPU weight scratch peak (\d+) bytes", done.stdout)
    if done.returncode != 0 or not found:
        raise BuildError(f"the host run of {pte} failed, so its memory needs are unknown: {_tool_error(done.stderr)}",
                         "a program must run on the host (`ember run`) before it is built into firmware")
    return plan.Needs(model_bytes=info["bytes"], method_allocator=int(found.group(1)), temp=int(found.group(2)),
                      planned=list(method["non_const_buffer_sizes"][1:]), model_in_sram=model_in_sram,
                      npu_chain=int(found.group(3)), npu_weights=int(found.group(4)))


def model_in_sram(pte: Path, choice: str, report: Path | None, given: bool | None = None) -> bool:
    """Where the model's weights live at run time: as the export assumed (its
    report's placement), or as asked. given: whether the user named the report."""
    if choice != "auto":
        return choice == "sram"
    given = report is not None if given is None else given
    report = report or pte.with_suffix(".report.json")
    if given and not report.is_file():
        raise BuildError(f"report {report}: no such file", "give the JSON `ember export --report` wrote")
    if not report.exists():
        return False
    try:
        placement = json.loads(report.read_text()).get("placement", {})
    except (ValueError, AttributeError) as e:
        raise BuildError(f"report {report} is not an export report ({' '.join(str(e).split())})",
                         "give the JSON `ember export --report` wrote, or --model-in mram|sram") from e
    if not isinstance(placement, dict):
        raise BuildError(f"report {report}: 'placement' is not an object", "give the JSON `ember export --report` wrote")
    return placement.get("memory_mode") == "Sram_Only"


def _tool_error(stderr: str) -> str:
    """The host tool's error line, without its own `error: ` prefix."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "no message"
    return last[len("error: "):] if last.startswith("error: ") else last


def collect_cases(pte: Path, inputs: list[Path], count: int, work: Path) -> list:
    if count < 1:
        raise BuildError(f"--cases {count}: a firmware image needs at least one test case", "give --cases 1 or more")
    work.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(path.glob("*.npy"))
            if not found:
                raise BuildError(f"--inputs {path}: a directory without .npy files", "give .npy files or raw input files")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise BuildError(f"--inputs {path}: no such file", "give .npy files, raw input files or directories of .npy")
    samples: list[Path] = []
    for f in files:
        samples += cases.split_samples(f, work, count - len(samples)) if f.suffix == ".npy" else [f]
        if len(samples) >= count:
            break
    if samples:
        return [cases.host_case(pte, [s], seed=0) for s in samples[:count]]
    return [cases.host_case(pte, None, seed=i) for i in range(count)]


@dataclass
class Program:
    """The .pte to build, and the bundle it came from (None for a plain .pte)."""
    pte: Path
    bundle: list[bundled_program.BundledCase] | None = None


def open_program(path: Path, work: Path) -> Program:
    """A .pte as it is; a .bpte's program written to `work`, with its forward cases."""
    path = Path(path)
    if not path.is_file() or not bundled_program.is_bundle(path):
        return Program(path)
    bundle = bundled_program.read(path)
    test_cases = bundled_program.forward_cases(bundle, path)
    work.mkdir(parents=True, exist_ok=True)
    pte = work / f"{path.stem}.pte"
    pte.write_bytes(bundle.program)
    return Program(pte, test_cases)


def bundled_cases(program: Program, inputs: list[Path], count: int | None, work: Path) -> list:
    """The bundle's test cases run on the host: the inputs as bundled, the host
    run's outputs (the firmware must match them byte for byte)."""
    if inputs:
        raise BuildError("--inputs with a BundledProgram: the bundle brings its own test inputs",
                         "drop --inputs, or give the plain .pte")
    method = next(m for m in inspect_program(program.pte)["methods"] if m["name"] == "forward")
    work.mkdir(parents=True, exist_ok=True)
    table = []
    for c, case in enumerate(program.bundle[:count]):
        if len(case.inputs) != len(method["inputs"]):
            raise BuildError(f"bundled case {c} has {len(case.inputs)} inputs, forward takes {len(method['inputs'])}",
                             "bundle the inputs the program takes")
        files = []
        for i, (array, tensor) in enumerate(zip(case.inputs, method["inputs"])):
            # The program's own dtype goes in as raw bytes (any memory order);
            # another one as .npy, which the host tool converts or refuses by name.
            if array.dtype.name == tensor["dtype"]:
                files.append(work / f"case{c}_input{i}.bin")
                files[-1].write_bytes(array.tobytes())
            else:
                files.append(work / f"case{c}_input{i}.npy")
                np.save(files[-1], array)
        table.append(cases.host_case(program.pte, files, seed=0))
    return table


def bundle_agreement(program: Program, table: list, rtol: float, atol: float) -> tuple[int, int, float]:
    """(cases with expected outputs, of them within upstream's tolerance, the
    largest difference): the host run's outputs against the bundle's."""
    outputs = next(m for m in inspect_program(program.pte)["methods"] if m["name"] == "forward")["outputs"]
    checked = close = 0
    largest = 0.0
    for case, (_, got) in zip(program.bundle, table):
        if not case.expected_outputs:
            continue
        checked += 1
        pairs = [(bundled_program.host_output_as_expected(data, tensor, expected), expected)
                 for data, tensor, expected in zip(got, outputs, case.expected_outputs)]
        close += all(bundled_program.within(g, e, rtol, atol) for g, e in pairs)
        largest = max([largest] + [float(np.abs(g.astype(np.float64) - e.astype(np.float64)).max(initial=0))
                                   for g, e in pairs])
    return checked, close, largest


def _e7_silicon(board: dict) -> bool:
    return board.get("silicon") == "E7"


def _cmake_tree(board: dict) -> Path:
    """EMBER_FIRMWARE_BUILD_DIR moves the firmware's CMake trees (default build/firmware)."""
    root = Path(os.environ.get("EMBER_FIRMWARE_BUILD_DIR") or REPO / "build" / "firmware")
    return root / (board["name"] + ("-e7" if _e7_silicon(board) else ""))


def compile_runner(board: dict, pte: Path, cases_bin: Path, plan_dir: Path, quiet: bool = True) -> Path:
    tree = _cmake_tree(board)
    # The build sees fixed names inside its own tree, whatever the user's files are
    # called (.incbin takes no quotes); unchanged files keep their time stamps, so
    # nothing is rebuilt when nothing changed.
    staged = tree / "embedded"
    staged.mkdir(parents=True, exist_ok=True)
    for source, name in ((pte, "model.pte"), (cases_bin, "cases.bin"), (plan_dir / "ember_plan.h", "ember_plan.h")):
        _write_if_changed(staged / name, Path(source).read_bytes())
    pte, cases_bin, plan_dir = staged / "model.pte", staged / "cases.bin", staged
    configure = ["cmake", "-S", str(REPO), "-B", str(tree), "-G", "Ninja", f"-DCMAKE_TOOLCHAIN_FILE={TOOLCHAIN}",
                 f"-DEMBER_PLATFORM={board['name']}", "-DCMAKE_BUILD_TYPE=MinSizeRel", "-DEMBER_BUILD_TESTS=OFF",
                 f"-DEMBER_RUNNER_MODEL={pte.resolve()}", f"-DEMBER_RUNNER_CASES={cases_bin.resolve()}",
                 f"-DEMBER_RUNNER_PLAN_DIR={plan_dir.resolve()}"]
    if "silicon" in board:
        configure.append(f"-DEMBER_ALIF_E7_SILICON={'ON' if _e7_silicon(board) else 'OFF'}")
    for step in (configure, ["cmake", "--build", str(tree), "--target", "ember-runner"]):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"the firmware build failed ({' '.join(step[:3])} ...)",
                             "the output above says why; check the toolchain with `arm-none-eabi-gcc --version` "
                             "(scripts/setup.sh installs it)", detail=f"{done.stdout[-4000:]}{done.stderr[-4000:]}")
    return tree / "apps" / "runner" / "ember-runner"


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def build(pte: Path, board_name: str, out: Path, inputs: list[Path] = (), case_count: int | None = 3,
          model_in: str = "auto", report: Path | None = None, repeat: int = 1, log=print,
          case_table: list | None = None, silicon: str | None = None, etdump: bool = False) -> Image:
    """pte: a .pte or a .bpte (its cases, the first case_count of them; None: all);
    case_table: cases already run on the host (collect_cases), to embed as they are;
    silicon: a variant of the board (board.json's variants, e.g. "e7");
    etdump: the runner prints its first inference's events (console ETDump)."""
    board = boards.load(board_name, silicon)
    source = Path(pte)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{source.stem}_{board_name}"
    gen = out / f"{stem}.gen"
    program = open_program(source, gen)
    pte = program.pte
    sram = model_in_sram(pte, model_in, report or source.with_suffix(".report.json"), given=report is not None)
    log(f"[1/4] memory needs of {pte.name} (host run) ...")
    board = check_npu(next(m for m in inspect_program(pte)["methods"] if m["name"] == "forward"), pte, board)
    needs = measure_needs(pte, sram, board)
    memory_plan = plan.make(needs, board)  # raises PlanError with the per-region table
    gen.mkdir(exist_ok=True)
    (gen / "ember_plan.h").write_text(plan.header(memory_plan, pte.name, repeat, etdump))
    if case_table:
        table = case_table
    elif program.bundle:
        log(f"[2/4] test cases: the bundle's {len(program.bundle[:case_count])} (outputs from the host run) ...")
        table = bundled_cases(program, list(inputs), case_count, gen)
        checked, close, largest = bundle_agreement(program, table, *bundled_program.TOLERANCE)
        log(f"      the host run matches the bundle's expected outputs in {close} of {checked} cases "
            f"(rtol {bundled_program.TOLERANCE[0]:g}, atol {bundled_program.TOLERANCE[1]:g}; largest difference "
            f"{largest:.6g}); the firmware checks its outputs against the host run's, byte for byte")
    else:
        log(f"[2/4] test cases: {case_count or 3} (outputs from the host run) ...")
        table = collect_cases(pte, list(inputs), case_count or 3, gen)
    cases_bin = gen / "cases.bin"
    cases_bin.write_bytes(cases.encode(table))
    log(f"[3/4] compiling the runner for {board_name} (first build of a board takes a minute) ...")
    elf_built = compile_runner(board, pte, cases_bin, gen)
    elf = out / f"{stem}.elf"
    shutil.copyfile(elf_built, elf)
    shutil.copyfile(f"{elf_built}.map", out / f"{stem}.map")
    binary = None
    extra: list[Path] = []
    if not boards.simulated_npu(board):
        binary = out / f"{stem}.bin"
        subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", str(elf), str(binary)], check=True)
        check_layout(board, elf, memory_plan)
        extra = _deploy_files(board, binary, out, stem)
    log("[4/4] done")
    return Image(board, elf, binary, memory_plan, len(table), extra)


def _deploy_files(board: dict, binary: Path, out: Path, stem: str) -> list[Path]:
    from . import deploy_files

    files = deploy_files.write_deploy_files(board, binary, out)
    return [files["atoc"], files["jlink"]]


def check_layout(board: dict, elf: Path, memory_plan: plan.Plan | None = None) -> None:
    """A board image whose layout breaks a rule of its board (elf_layout.py),
    or puts a pool the NPU reads where the NPU does not reach, is not handed out."""
    from . import elf_layout

    problems = elf_layout.violations(elf, board)
    if memory_plan is not None:
        npu_pools = [p.symbol for p in memory_plan.pools if p.npu_reads]
        problems += elf_layout.npu_reach_violations(elf, board, npu_pools)
        image = elf_layout.read_elf(elf)
        for name, address in plan.pool_addresses(memory_plan).items():
            pool = next(p for p in memory_plan.pools if p.name == name)
            found = elf_layout.find_symbol(image, pool.symbol)
            if found != address:
                problems.append(f"{pool.symbol} ({name}) at {found if found is None else hex(found)}, "
                                f"the memory plan says 0x{address:08x}")
    if problems:
        raise BuildError(f"{elf.name} breaks the {board['name']} layout rules", "this is an ember bug: report it",
                         detail="  " + "\n  ".join(problems))


def flash_instructions(image: "Image") -> str:
    atoc, jlink = (image.extra + [None, None])[:2]
    if not atoc:
        return ""
    return "\n".join([
        "to flash (nothing here has been tried on a board yet):",
        f"  SETOOLS: copy {atoc.name} to <SETOOLS>/build/config/ and {image.bin.name} to <SETOOLS>/build/images/,",
        f"           then: app-gen-toc -f build/config/{atoc.name} && app-write-mram -p",
        f"  J-Link:  JLinkExe -CommanderScript {jlink}   (V9.46+ for the E8's MRAM loader, per the one "
        "public E8 report)",
        "  first boot on a new board: flash the bring-up image first (docs/first-boot.md)",
        "  console: UART2/UART4 at 115200 8N1 (or RTT, built with -DEMBER_CONSOLE=rtt)",
    ])


def describe(image: Image) -> str:
    lines = [f"firmware for {image.board['name']}: {image.elf}"]
    if image.bin:
        lines.append(f"  binary: {image.bin}")
    lines += [f"  {p}" for p in image.extra]
    lines.append(f"  {image.case_count} embedded test cases; memory plan:")
    lines += ["    " + line for line in image.plan.table().splitlines()]
    lines.append("  who reads each pool:")
    lines += ["    " + line for line in image.plan.readers_table().splitlines()]
    from . import size_report

    sizes = size_report.sizes_from_map(image.elf.with_suffix(".map"))
    lines.append(f"  code size per component (bytes; runtime + delegate + driver .text = {size_report.core_text(sizes)}):")
    lines += ["    " + line for line in size_report.table(sizes).splitlines()]
    flash = flash_instructions(image)
    return "\n".join(lines + ([flash] if flash else []))


def add_arguments(parser, name):
    parser.add_argument("model", type=Path, help="the .pte to build in, or a BundledProgram .bpte (its cases)")
    parser.add_argument("--board", required=True, help="board: " + ", ".join(boards.names()))
    parser.add_argument("-o", "--out", type=Path, default=Path("out/firmware"), help="output directory")
    parser.add_argument("--inputs", type=Path, nargs="*", default=[],
                        help=".npy / raw files or directories of .npy test inputs (default: seeded random inputs)")
    parser.add_argument("--cases", type=positive_int, help="number of embedded test cases (default 3; a .bpte: all of its)")
    parser.add_argument("--model-in", choices=["auto", "mram", "sram"], default="auto",
                        help="where the weights live at run time (auto: as the export report says; else MRAM)")
    parser.add_argument("--report", type=Path, help="the export report (default: MODEL.report.json beside it)")
    parser.add_argument("--repeat", type=positive_int, default=1, help="inferences per case, timed together (default 1)")
    parser.add_argument("--silicon", help="a silicon variant of the board, as its board.json lists them "
                        "(alif-e8-*: e7, for a DevKit carrying E7 silicon)")


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give 1 or more")
    return value


def as_user_error(error: Exception) -> UserError:
    """The planner's and the board loader's errors, in the CLI's form."""
    if isinstance(error, plan.PlanError):
        first, _, table = str(error).partition("\n")
        return UserError(first, "export with --memory-mode Shared_Sram, or a smaller model", detail=table)
    problem, _, choices = str(error).partition("; ")  # UnknownBoard: the boards or variants there are
    return UserError(problem, choices)


def run(args) -> int:
    try:
        image = build(args.model, args.board, args.out, args.inputs, args.cases, args.model_in, args.report, args.repeat,
                      silicon=args.silicon)
    except (plan.PlanError, boards.UnknownBoard) as e:
        raise as_user_error(e) from e
    print(describe(image))
    return 0

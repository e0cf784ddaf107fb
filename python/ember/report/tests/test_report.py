"""`ember report` on a real program (upstream's MNIST for the Ethos-U55-128):
the page lists every operator with the host tool's numbers, every pool of the
plan `ember build` would make, the sizes `ember inspect` gives, the export's
Vela layers and the verify table; it renders in headless Chromium with its
charts drawn; the command never imports torch; bad input is one error line."""

import json
import re
import shutil
import subprocess
import sys
import zlib
from html import escape
from pathlib import Path

import numpy as np
import pytest

from ember import host_tool
from ember.firmware import boards, build, plan

REPO = Path(__file__).resolve().parents[4]
MNIST = REPO / "tests" / "fixtures" / "upstream-pte" / "mnist_ethosu_u55_128_a.pte"

EXPORT_REPORT = {  # what `ember export --report` writes, as far as the page and the export's table read it
    "model": "model.py", "output": "m.pte", "operators": {"npu": ["aten.convolution.default"] * 3, "cpu": [],
                                                          "missing": []},
    "target": {"name": "e8-he", "description": "Alif E8 HE", "npu_clock_mhz": 160.0},
    "placement": {"memory_mode": "Shared_Sram", "reason": "as asked"},
    "estimate": {"total_cycles": 18624, "macs": 125440, "latency_ms": 0.1164, "mac_bound_cycles": 980,
                 "by_memory_mode": {}, "layers": [
        {"name": "tosa_conv2d_default", "operator": "Conv2D", "cycles": 14290, "npu_cycles": 14290,
         "memory_cycles": 1352, "macs": 112896, "mac_utilisation_percent": 6.17},
        {"name": "tosa_max_pool2d_default", "operator": "MaxPool", "cycles": 4334, "npu_cycles": 4334,
         "memory_cycles": 1492, "macs": 12544, "mac_utilisation_percent": 2.26}]},
    "sizes": {"pte": 113408}, "versions": {}}
VERIFY = {"program": "m.pte", "output": {"dtype": "float32", "shape": [1, 10]}, "rows": [
    {"name": "QEMU firmware (M55) vs host", "cases": 3, "bit_exact": 3, "largest_difference": 0.0, "top1": 3},
    {"name": "quantized PyTorch vs host", "cases": 3, "bit_exact": None, "largest_difference": None, "top1": 2}]}


def ember(*args):
    return subprocess.run([sys.executable, "-m", "ember.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    (tmp / "export.json").write_text(json.dumps(EXPORT_REPORT))
    (tmp / "verify.json").write_text(json.dumps(VERIFY))
    out = tmp / "report.html"
    # sys.modules after the command, in the command's own process: no torch.
    code = ("import sys; from ember.cli import main; rc = main(sys.argv[1:]); "
            "print('TORCH' if any(m.split('.')[0] in ('torch', 'executorch') for m in sys.modules) else 'NO-TORCH'); "
            "sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code, "report", MNIST, "-o", out, "--export-report",
                           tmp / "export.json", "--verify", tmp / "verify.json"], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("NO-TORCH"), done.stdout
    return out


def test_every_operator_with_the_cycle_models_numbers(page, tmp_path):
    html = page.read_text()
    tool = host_tool.tool_path()
    subprocess.run([str(tool), "run", str(MNIST), "--profile-json", str(tmp_path / "p.json")], check=True,
                   capture_output=True)
    profile = json.loads((tmp_path / "p.json").read_text())
    assert len(profile["operations"]) == profile["operations_run"] == 82
    for op in profile["operations"]:
        # A DMA counts only what the operation before it does not hide, a transpose
        # piece its share of its transpose's cost (cycle_model.h RunCycles).
        if op["operation"] != "DMA" and not op["transpose_piece"]:
            assert op["cycles"] == max(op["npu_cycles"], op["memory_cycles"]), op
        bound = "memory" if op["memory_cycles"] > op["npu_cycles"] else "compute"
        title = (f"{op['cycles']} cycles (compute {op['npu_cycles']}, memory {op['memory_cycles']}), "
                 f"{op['macs']} MACs, read {op['bytes_read']} B, written {op['bytes_written']} B")
        found = re.search(rf'<rect class="bar {bound}"[^>]*><title>NPU #{op["index"]} {re.escape(op["operation"])}'
                          rf'[^:]*: {re.escape(title)}</title>', html)
        assert found, (op, bound)
    assert f"{profile['cycles']:,} NPU cycles estimated" in html
    # Both kinds of bound occur in this program (the 7x32 average pools are memory-bound).
    assert 'class="bar compute"' in html and 'class="bar memory"' in html
    info = json.loads(subprocess.run([str(tool), "inspect", str(MNIST), "--json"], check=True, capture_output=True,
                                     text=True).stdout)
    method = info["methods"][0]
    for instruction in method["instructions"]:
        assert escape(instruction["name"]) in html
    assert html.count('class="bar cpu"') == sum(i["kind"] == "kernel" for i in method["instructions"]) == 2
    delegate = method["delegates"][0]
    for what, value in (("program (.pte)", info["bytes"]), ("NPU weights", delegate["weight_bytes"]),
                        ("NPU command stream", delegate["command_stream_bytes"]),
                        ("NPU scratch", delegate["scratch_bytes"]), ("planned buffers", 3920)):
        assert f'<td>{what}</td><td class="n">{value:,}</td>' in html, what


def test_memory_map_is_the_plan_ember_build_makes(page):
    html = page.read_text()
    board = boards.load("alif-e8-he")  # the E8 core with the program's Ethos-U55-128
    memory_plan = plan.make(build.measure_needs(MNIST, False, board), board)
    assert "Memory map: alif-e8-he" in html
    addresses = plan.pool_addresses(memory_plan)
    dtcm = board["regions"]["dtcm"]["origin"]
    # The first DTCM pool right after the room board.json reserves for .data/.bss and the heap.
    assert min(addresses.values()) == dtcm + board["reserved"]["dtcm_static"] + board["reserved"]["dtcm_heap"]
    for pool in memory_plan.pools:
        row = (f'<td>{escape(pool.name)}</td><td class="n">{pool.bytes:,}</td><td>{pool.region.upper()}</td>'
               f'<td>0x{addresses[pool.name]:08X}</td><td>{escape(pool.readers)}</td>')
        assert row in html, row
    temp = next(p for p in memory_plan.pools if p.name == "temp")
    assert temp.region == "dtcm"  # the NPU reads DTCM by its global alias
    assert f"0x{board['npu_global']['dtcm'] + addresses['temp'] - dtcm:08X} (global alias)" in html
    for region in ("DTCM", "SRAM0", "SRAM1", "MRAM"):
        assert f">{region}</text>" in html


def assert_vela_layers(html):
    for layer in EXPORT_REPORT["estimate"]["layers"]:
        assert (f'<td>{layer["name"]}</td><td>{layer["operator"]}</td><td class="n">{layer["cycles"]:,}</td>'
                f'<td class="n">{layer["npu_cycles"]:,}</td><td class="n">{layer["memory_cycles"]:,}</td>'
                f'<td class="n">{layer["macs"]:,}</td><td class="n">{layer["mac_utilisation_percent"]}</td>') in html


def test_vela_layers_and_verify_table(page):
    html = page.read_text()
    assert_vela_layers(html)
    assert '<td>QEMU firmware (M55) vs host</td><td class="n">3</td><td class="n">3/3</td>' in html
    assert '<td>quantized PyTorch vs host</td><td class="n">3</td><td class="n">-</td><td class="n">-</td>' \
           '<td class="n">2/3</td>' in html


def test_export_with_an_html_report_writes_the_page(tmp_path, monkeypatch, capsys):
    """`ember export --report r.html`: the page of the program just written, with
    the export's own report (the export itself, 40 s here, is another test's)."""
    from ember import cli
    from ember.export import api

    monkeypatch.setattr(api, "export_model", lambda *a, **k: api.ExportResult(MNIST.read_bytes(), EXPORT_REPORT,
                                                                              None, None))
    (tmp_path / "model.py").write_text("import torch\ndef model():\n    return torch.nn.ReLU()\n"
                                       "def example_inputs():\n    return (torch.rand(1, 4),)\n")
    assert cli.main(["export", str(tmp_path / "model.py"), "-o", str(tmp_path / "m.pte"), "--target", "e8-he",
                     "--report", str(tmp_path / "r.html")]) == 0, capsys.readouterr().err
    html = (tmp_path / "r.html").read_text()
    assert_vela_layers(html)
    assert html.count('class="bar compute"') + html.count('class="bar memory"') == 82
    assert "Memory map: alif-e8-he" in html and not (tmp_path / "r.json").exists()


def test_bad_inputs_are_one_error_line(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "short.json").write_text(json.dumps({"rows": [{"name": "host"}]}))
    cases = [(("report", tmp_path / "none.pte"), "no such file"),
             (("report", MNIST, "--board", "alif-e8-hp"), "Ethos-U55-256"),
             (("report", MNIST, "--board", "nope"), "unknown board"),
             (("report", MNIST, "--board", "qemu-an547"), "is not an E8"),
             (("report", MNIST, "--verify", tmp_path / "bad.json"), "is not JSON"),
             (("report", MNIST, "--verify", tmp_path / "short.json"), "a row without name, cases"),
             (("report", MNIST, "--export-report", tmp_path / "none.json"), "no such file"),
             (("report", MNIST, "-o", tmp_path / "no" / "dir" / "r.html"), "cannot write")]
    for args, phrase in cases:
        done = ember(*args)
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        assert done.returncode == 2 and "Traceback" not in done.stderr, (args, done.stderr)
        assert last.startswith("error: ") and "; " in last and phrase in last, (args, last)


def read_png(path: Path, rows: int) -> np.ndarray:
    """The first `rows` rows of an 8-bit RGB/RGBA non-interlaced PNG (what
    Chromium writes) as [rows, W, 3]."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlace = header[8], header[9], header[12]
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    height = min(height, rows)
    out = np.zeros((height, width * channels), np.int32)
    previous = np.zeros(width * channels, np.int32)
    for y in range(height):
        kind, row = raw[y, 0], raw[y, 1:].astype(np.int32)
        if kind == 0:
            line = row
        elif kind == 1:  # Sub: a running sum along each channel
            line = np.cumsum(row.reshape(width, channels), axis=0).reshape(-1) % 256
        elif kind == 2:
            line = (row + previous) % 256
        else:  # Average, Paeth: byte by byte
            line = np.zeros_like(row)
            for i in range(len(row)):
                a = int(line[i - channels]) if i >= channels else 0
                b, c = int(previous[i]), int(previous[i - channels]) if i >= channels else 0
                if kind == 3:
                    line[i] = (row[i] + (a + b) // 2) % 256
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) % 256
        out[y] = previous = line
    return out.reshape(height, width, channels)[:, :, :3].astype(np.uint8)


def test_renders_in_headless_chromium(page, tmp_path):
    assert shutil.which("chromium"), "no chromium: install Debian's chromium (scripts/setup.sh does)"
    chromium = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run([*chromium, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60).stdout
    for chart in ('id="time-chart"', 'id="memory-map"'):
        assert chart in dom, chart
    assert dom.count('class="bar ') == 84 and dom.count('class="pool"') >= 5
    shot = tmp_path / "report.png"
    subprocess.run([*chromium, f"--screenshot={shot}", "--window-size=1100,2400", page.as_uri()],
                   capture_output=True, timeout=60, check=True)
    chart = read_png(shot, rows=1500)[250:1500, 300:1000]  # the time chart's bars
    colours, counts = np.unique(chart.reshape(-1, 3), axis=0, return_counts=True)
    drawn = {tuple(int(v) for v in c): int(n) for c, n in zip(colours, counts)}
    compute, memory, white = (0x38, 0x66, 0xC4), (0xE0, 0x7B, 0x1A), (255, 255, 255)
    assert drawn.get(compute, 0) > 5000 and drawn.get(memory, 0) > 100, sorted(drawn.items(), key=lambda i: -i[1])[:8]
    assert len(drawn) > 20 and drawn.get(white, 0) < chart.shape[0] * chart.shape[1]  # not blank

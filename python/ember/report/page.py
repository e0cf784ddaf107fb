"""The report as one static HTML page: inline CSS and SVG, no script, nothing
fetched. Every number on it comes from the data `collect.gather` returns."""

from html import escape

from ember.firmware import plan as planner

COMPUTE, MEMORY, CPU = "#3866c4", "#e07b1a", "#8a8f98"
NPU_POOL, CPU_POOL, RESERVED, MODEL = "#2e9d6a", "#7b5cc4", "#c9ced6", "#b8860b"

CSS = """
body{font:14px/1.45 system-ui,sans-serif;color:#1d2330;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde1e7}
table{border-collapse:collapse;margin:6px 0}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eef0f3}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#5b6475;font-size:13px}
.key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:-1px}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}
"""


def _n(value) -> str:
    return f"{value:,}" if isinstance(value, int) else escape(str(value))


def _table(header: list, rows: list, numeric: set = frozenset()) -> str:
    head = "".join(f'<th class="n">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f'<td class="n">{_n(v)}</td>' if i in numeric else f"<td>{_n(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _key(*entries) -> str:
    return '<p class="key">' + "".join(f'<span style="background:{c}"></span>{escape(t)}' for c, t in entries) + "</p>"


def time_chart(data: dict) -> str:
    """One bar per operation in program order: NPU operations as the cycle model
    estimates them (compute-bound or memory-bound: the larger side), CPU kernels
    as rows without a cycle estimate."""
    rows = []  # (label, cycles or None for a CPU kernel, bound, the profile's operation)
    npu_ops = data["profile"]["operations"]
    for instruction in data["method"]["instructions"]:
        if instruction["kind"] == "delegate":
            for op in npu_ops:
                bound = "memory" if op["memory_cycles"] > op["npu_cycles"] else "compute"
                shape = "x".join(map(str, op["ofm"])) if any(op["ofm"]) else "-"
                rows.append((f"NPU #{op['index']} {op['operation']} {shape}", op["cycles"], bound, op))
        else:
            rows.append((f"CPU {instruction['name']}", None, "cpu", None))
    longest = max([r[1] for r in rows if r[1]] + [1])
    label_w, bar_w, row_h = 330, 560, 16
    parts = [f'<svg class="chart" id="time-chart" width="{label_w + bar_w + 190}" height="{row_h * len(rows) + 10}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, cycles, bound, op) in enumerate(rows):
        y = 4 + i * row_h
        parts.append(f'<text x="0" y="{y + 11}">{escape(label[:48])}</text>')
        if cycles is None:
            parts.append(f'<rect class="bar cpu" x="{label_w}" y="{y + 2}" width="10" height="{row_h - 4}" fill="{CPU}"/>'
                         f'<text x="{label_w + 16}" y="{y + 11}">Cortex-M55 kernel: no cycle estimate on the host</text>')
            continue
        width = max(1.0, bar_w * cycles / longest) if cycles else 0
        title = (f"{label}: {cycles} cycles (compute {op['npu_cycles']}, memory {op['memory_cycles']}), "
                 f"{op['macs']} MACs, read {op['bytes_read']} B, written {op['bytes_written']} B")
        parts.append(f'<rect class="bar {bound}" x="{label_w}" y="{y + 2}" width="{width:.1f}" height="{row_h - 4}" '
                     f'fill="{COMPUTE if bound == "compute" else MEMORY}"><title>{escape(title)}</title></rect>')
        text = f"{cycles:,}" if cycles else "0 (hidden under the previous operation)"
        parts.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 11}">{text}</text>')
    parts.append("</svg>")
    p = data["profile"]
    total = (f"{p['cycles']:,} NPU cycles estimated = {p['cycles'] / (p['clock_mhz'] * 1e3):.3f} ms at "
             f"{p['clock_mhz']:.0f} MHz (Ethos-U55-{p['npu_macs']}), {p['operations_run']} operations, "
             f"{p['macs']:,} MACs" if p["operations_run"] else "no NPU operations: the program runs on the CPU only")
    return ("<h2>Where the time goes</h2>"
            f"<p>{escape(total)}. One bar per operation, in the order they run; length: the cycle model's estimate "
            "(the larger of compute and memory, as Vela combines them).</p>"
            + _key((COMPUTE, "NPU, compute-bound"), (MEMORY, "NPU, memory-bound"), (CPU, "CPU kernel"))
            + "".join(parts))


def placement(data: dict) -> str:
    method, export = data["method"], data["export"]
    rows = []
    for i, instruction in enumerate(method["instructions"]):
        where = "NPU delegate" if instruction["kind"] == "delegate" else "CPU (Cortex-M55)"
        detail = ""
        if instruction["kind"] == "delegate":
            d = next((d for d in method["delegates"] if d["backend"] == instruction["name"]), {})
            detail = f"{len(data['profile']['operations'])} NPU operations, Ethos-U55-{d.get('npu_macs', '?')}"
        rows.append((i, instruction["name"], where, detail))
    out = ["<h2>Placement</h2>", _table(["#", "operator", "runs on", ""], rows, {0})]
    if export:
        ops = export["operators"]
        out.append(f"<p>Export ({escape(str(export.get('target', {}).get('name', '')))}): {len(ops.get('npu', []))} "
                   f"graph operators on the NPU, {len(ops.get('cpu', []))} on the CPU"
                   + (": " + escape(", ".join(ops["cpu"])) if ops.get("cpu") else "") + ".</p>")
        layers = (export.get("estimate") or {}).get("layers", [])
        if layers:
            out.append("<p>Vela's estimate per layer:</p>")
            out.append(_table(["layer", "operator", "cycles", "compute", "memory", "MACs", "MAC utilisation %"],
                              [(l["name"], l["operator"], l["cycles"], l.get("npu_cycles", "-"),
                                l.get("memory_cycles", "-"), l["macs"], l["mac_utilisation_percent"])
                               for l in layers], {2, 3, 4, 5, 6}))
    return "".join(out)


def _region_blocks(region: str, data: dict, addresses: dict) -> list:
    """(offset, bytes, colour, label, tooltip) of what lies in one region."""
    board, origin = data["board"], data["board"]["regions"][region]["origin"]
    length = board["regions"][region]["length"]
    blocks, at = [], 0
    mine = {key[len(region) + 1:]: size for key, size in board.get("reserved", {}).items()
            if key.startswith(region + "_")}
    for name in sorted(mine, key=lambda n: n != "static"):  # .data/.bss first, then the heap (linker.ld)
        size = mine[name]
        offset = length - size if name == "stack" else at  # the stack is at the top (linker.ld)
        at += 0 if name == "stack" else size
        blocks.append((offset, size, RESERVED, name, f"{name}: {size:,} bytes reserved by the board"))
    for p in data["plan"].pools:
        if p.region == region:
            blocks.append((addresses[p.name] - origin, p.bytes, NPU_POOL if p.npu_reads else CPU_POOL, p.name,
                           f"{p.name}: {p.bytes:,} bytes at 0x{addresses[p.name]:08X}, read by {p.readers}"))
    if region == "mram":
        blocks.append((0, data["info"]["bytes"], MODEL, "program",
                       f"program (.pte): {data['info']['bytes']:,} bytes in the image (the linker places it after the code)"))
    return blocks


def memory_map(data: dict) -> str:
    """DTCM, SRAM0, SRAM1 and MRAM drawn to scale each, with what the board
    reserves and every pool of the plan at its address, and who reads it."""
    board, memory_plan = data["board"], data["plan"]
    regions = board["regions"]
    addresses = planner.pool_addresses(memory_plan)
    width, bar_h, gap, left = 760, 34, 58, 70
    shown = [r for r in ("dtcm", "sram0", "sram1", "mram") if r in regions]
    parts = [f'<svg class="chart" id="memory-map" width="{left + width + 20}" height="{len(shown) * gap + 10}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for i, region in enumerate(shown):
        origin, length = regions[region]["origin"], regions[region]["length"]
        y = 8 + i * gap
        parts.append(f'<text x="0" y="{y + 21}">{region.upper()}</text>'
                     f'<rect x="{left}" y="{y}" width="{width}" height="{bar_h}" fill="#fff" stroke="#8a93a3"/>'
                     f'<text x="{left}" y="{y + bar_h + 13}">0x{origin:08X}</text>'
                     f'<text x="{left + width}" y="{y + bar_h + 13}" text-anchor="end">0x{origin + length:08X} '
                     f'({length // 1024} KB)</text>')
        for offset, size, colour, label, title in _region_blocks(region, data, addresses):
            x, w = left + width * offset / length, max(2.0, width * size / length)
            parts.append(f'<rect class="pool" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
                         f'stroke="#fff"><title>{escape(title)}</title></rect>')
            if w > 8 * len(label):
                parts.append(f'<text x="{x + 4:.1f}" y="{y + 21}">{escape(label)}</text>')
    parts.append("</svg>")
    npu_alias = board.get("npu_global", {})
    rows = []
    for p in memory_plan.pools:
        address = addresses[p.name]
        npu_view = (f"0x{npu_alias[p.region] + address - regions[p.region]['origin']:08X} (global alias)"
                    if p.npu_reads and p.region in npu_alias else f"0x{address:08X}" if p.npu_reads else "-")
        rows.append((p.name, p.bytes, p.region.upper(), f"0x{address:08X}", p.readers, npu_view))
    return (f"<h2>Memory map: {escape(board['name'])}</h2>"
            "<p>The plan <code>ember build</code> makes for this board, each region drawn to scale; "
            "<code>ember build</code> checks every pool's address in the image against it.</p>"
            + _key((NPU_POOL, "pool read by CPU and NPU"), (CPU_POOL, "pool read by the CPU"),
                   (RESERVED, "reserved by the board (stack, heap, .data/.bss)"), (MODEL, "program in MRAM"))
            + "".join(parts)
            + _table(["pool", "bytes", "region", "address", "read by", "the NPU reads it at"], rows, {1})
            + "<pre>" + escape(memory_plan.table()) + "</pre>")


def sizes(data: dict) -> str:
    method, needs = data["method"], data["needs"]
    delegates = method.get("delegates", [])
    rows = [("program (.pte)", data["info"]["bytes"]),
            ("NPU weights", sum(d.get("weight_bytes", 0) for d in delegates)),
            ("NPU command stream", sum(d.get("command_stream_bytes", 0) for d in delegates)),
            ("NPU scratch", sum(d.get("scratch_bytes", 0) for d in delegates)),
            ("planned buffers", sum(method["non_const_buffer_sizes"][1:])),
            ("method allocator (host run)", needs.method_allocator),
            ("temp peak (host run)", needs.temp)]
    return "<h2>Sizes (bytes)</h2>" + _table(["what", "bytes"], rows, {1})


def accuracy(data: dict) -> str:
    verify = data["verify"]
    if not verify:
        return ("<h2>Accuracy</h2><p class=\"note\">Not known: give <code>--verify FILE</code> (written by "
                "<code>ember verify --json FILE</code>).</p>")
    rows = [(r["name"], r["cases"], "-" if r["bit_exact"] is None else f"{r['bit_exact']}/{r['cases']}",
             "-" if r["largest_difference"] is None else f"{r['largest_difference']:.6g}", f"{r['top1']}/{r['cases']}")
            for r in verify["rows"]]
    return ("<h2>Accuracy (ember verify)</h2>"
            + _table(["comparison", "cases", "bit-exact", "largest difference", "top-1 agrees"], rows, {1, 2, 3, 4}))


def render(data: dict) -> str:
    board = data["board"]
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>ember report: {escape(data['program'])}</title><style>{CSS}</style></head><body>"
            f"<h1>ember report: {escape(data['program'])}</h1>"
            f"<p class=\"note\">{data['info']['bytes']:,} bytes; board {escape(board['name'])} "
            f"({escape(board.get('core', ''))}, NPU {board.get('npu', {}).get('macs', 0)} MACs). Estimates from "
            "ember's cycle model (Vela 5.1's performance model) of the simulated NPU on one host run.</p>"
            + time_chart(data) + placement(data) + memory_map(data) + sizes(data) + accuracy(data)
            + "</body></html>\n")

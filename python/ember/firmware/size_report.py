"""Code size per component of a firmware image, from the linker's map file:
.text and .rodata summed by the archive or object each input section came from."""

import re
from collections import defaultdict
from pathlib import Path

# Archive or object -> component.
COMPONENTS = [
    ("runtime", ("libember_runtime.a", "libember_format.a")),
    ("delegate", ("libember_ethosu_delegate.a", "libember_ethosu_payload.a")),
    ("driver", ("libember_ethosu_driver.a",)),
    ("kernels", ("libember_kernels_",)),
    ("simulated NPU (QEMU only)", ("libember_ethosu_simulated_npu.a", "libember_ethosu_sim.a")),
    ("board", ("libember_platform_",)),
    ("app", ("ember-runner.dir", "ember-baseline.dir")),
    ("libc", ("libc_nano.a", "libc.a", "libm.a", "libstdc++", "libsupc++", "libgcc.a", "libnosys", "crt")),
]


def component_of(path: str) -> str:
    for name, keys in COMPONENTS:
        if any(k in path for k in keys):
            return name
    return "other"


def sizes_from_map(map_file: Path) -> dict:
    """Bytes of code (.text*) and read-only data (.rodata*) per component."""
    sizes = defaultdict(lambda: {"text": 0, "rodata": 0})
    lines = map_file.read_text(errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Linker script and memory map"))
    pending = None
    entry = re.compile(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)$")
    for line in lines[start:]:
        m = re.match(r"^ (\.(?:text|rodata)\S*)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)$", line)
        if m:
            kind = "text" if m.group(1).startswith(".text") else "rodata"
            sizes[component_of(m.group(4))][kind] += int(m.group(3), 16)
            pending = None
            continue
        m = re.match(r"^ (\.(?:text|rodata)\S*)$", line)
        if m:
            pending = "text" if m.group(1).startswith(".text") else "rodata"
            continue
        m = entry.match(line)
        if m and pending:
            sizes[component_of(m.group(3))][pending] += int(m.group(2), 16)
        pending = None
    return dict(sizes)


def table(sizes: dict, baseline: dict | None = None) -> str:
    lines = [f"{'component':28} {'.text':>8} {'.rodata':>8}" + ("   baseline .text" if baseline is not None else "")]
    for name, _ in COMPONENTS + [("other", ())]:
        r = sizes.get(name, {"text": 0, "rodata": 0})
        b = (baseline or {}).get(name, {"text": 0})
        if r["text"] or r["rodata"] or b["text"]:
            lines.append(f"{name:28} {r['text']:>8} {r['rodata']:>8}" + (f"   {b['text']:>8}" if baseline is not None else ""))
    return "\n".join(lines)


def core_text(sizes: dict) -> int:
    """runtime + delegate + driver: ember's own code on the M55."""
    return sum(sizes.get(n, {"text": 0})["text"] for n in ("runtime", "delegate", "driver"))

"""`ember run --profile` and `--trace` on a delegated upstream fixture: one
table row and one trace event per NPU operation, in the order they ran, whose
cycles add up to the total the run reports."""

import json
import re
import subprocess
from pathlib import Path

from ember.host_tool import tool_path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upstream-pte" / "mnist_ethosu_u55_128_a.pte"
ROW = re.compile(r"^\s*(\d+)\s+([A-Z]+(?: [a-z_]+)?)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)$", re.M)


def test_profile_table_and_trace_agree_with_the_totals(tmp_path):
    trace = tmp_path / "trace.json"
    result = subprocess.run([str(tool_path()), "run", str(FIXTURE), "--profile", "--trace", str(trace)],
                            capture_output=True, text=True, check=True)
    total = re.search(r"(\d+) operations, (\d+) MACs, (\d+) cycles estimated = ([\d.]+) ms at (\d+) MHz",
                      result.stdout)
    assert total, result.stdout
    operations, macs, cycles, _, mhz = (int(total.group(i)) if i != 4 else 0 for i in range(1, 6))
    rows = ROW.findall(result.stdout)
    assert [int(r[0]) for r in rows] == list(range(operations))
    assert sum(int(r[4]) for r in rows) == cycles
    assert sum(int(r[3]) for r in rows) == macs

    events = [e for e in json.loads(trace.read_text())["traceEvents"] if e["ph"] == "X"]
    assert [e["name"] for e in events] == [r[1] for r in rows]
    assert sum(e["args"]["cycles"] for e in events) == cycles
    end_us = events[-1]["ts"] + events[-1]["dur"]
    assert abs(end_us - cycles / mhz) < 1e-3 * operations
    assert all(b["ts"] >= a["ts"] + a["dur"] - 1e-3 for a, b in zip(events, events[1:]))

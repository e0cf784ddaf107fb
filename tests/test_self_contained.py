"""The repository stands on its own: no tracked file points outside it.

A user's clone has no notes beside the repository and none of the machines it was
written on, so no file may name the notes directory or an absolute home or work
path; the facts the code relies on live in docs/ with their public sources.
"""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Spelled in pieces so that this file does not name them itself.
FORBIDDEN = re.compile(
    "|".join(
        re.escape(p)
        for p in ("../" + "shared", "shared" + "/spec", "/" + "work/", "/" + "root/", "/" + "home/")
    ).encode()
)


def tracked_files():
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False
    )
    if listing.returncode != 0:
        pytest.fail(f"git ls-files failed in {ROOT}: {listing.stderr.decode().strip()}")
    return [ROOT / name for name in listing.stdout.decode().split("\0") if name]


def offending_lines(path):
    if not path.is_file():  # deleted in the work tree, not yet in the index
        return []
    found = []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        match = FORBIDDEN.search(line)
        if match:
            found.append(f"{path.relative_to(ROOT)}:{number}: {match.group().decode()}")
    return found


def test_no_tracked_file_points_outside_the_repository():
    files = tracked_files()
    assert len(files) > 100, "git ls-files listed almost nothing: not the ember tree?"
    found = [hit for path in files for hit in offending_lines(path)]
    assert not found, "files that point outside the repository:\n" + "\n".join(found)


def test_the_pattern_catches_each_forbidden_path(tmp_path):
    for text in ("see ../" + "shared/x.md", "shared" + "/spec/a.md", "/" + "work/main/x", "/" + "root/.cache",
                 "/" + "home/user/src"):
        path = tmp_path / "f.txt"
        path.write_text(text + "\n")
        assert FORBIDDEN.search(path.read_bytes()), text
    assert not FORBIDDEN.search(b"docs/ethos-u55.md and src/ethosu/sim/scaling.h")

"""Fixtures shared by every test folder (tests/ and python/), and the set-up of
each pytest-xdist worker (scripts/test.sh runs the tests on one worker per core)."""
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent


def pytest_configure(config):
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ...: set in each worker, not in a serial run
    if not worker:
        return
    # A firmware build stages the model at fixed names in its board's CMake tree
    # and tests run the ELF from there: workers sharing a tree would build and run
    # each other's models, so each has its own (build/firmware/gw0/<board>, ...).
    shared = Path(os.environ.get("EMBER_FIRMWARE_BUILD_DIR") or REPO / "build" / "firmware")
    os.environ["EMBER_FIRMWARE_BUILD_DIR"] = str(shared / worker)
    # torch keeps its thread count of a serial run: float results can depend on it
    # (with OMP_NUM_THREADS=1 the NCHW and NHWC exports of test_io_layout.py
    # quantize their output 1 ulp apart).


def _require(*tools):
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:  # scripts/setup.sh always installs them: a missing tool is a broken set-up, not a skip
        pytest.fail(f"{' and '.join(missing)} not on PATH; run scripts/setup.sh", pytrace=False)


@pytest.fixture(scope="session")
def cross_compiler():
    _require("arm-none-eabi-gcc")


@pytest.fixture(scope="session")
def qemu_system():
    _require("arm-none-eabi-gcc", "qemu-system-arm")
    return shutil.which("qemu-system-arm")

"""Fixtures shared by every test folder (tests/ and python/)."""
import shutil

import pytest


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

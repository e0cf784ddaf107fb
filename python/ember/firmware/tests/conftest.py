"""Builds the E8 bring-up firmware (src/platform/alif-e8/bringup.cpp) once per
session with the repository's CMake, for each board variant the tests use."""

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
VARIANTS = {
    "he": ["-DEMBER_PLATFORM=alif-e8-he"],
    "hp": ["-DEMBER_PLATFORM=alif-e8-hp"],
    "he-e7-rtt": ["-DEMBER_PLATFORM=alif-e8-he", "-DEMBER_ALIF_E7_SILICON=ON", "-DEMBER_CONSOLE=rtt"],
}


@dataclass
class Firmware:
    elf: Path
    bin: Path
    board: dict        # the resolved board.json the build wrote (variant applied)
    source_board: dict  # src/platform/<board>/board.json


def _build(variant: str, build_dir: Path) -> Firmware:
    toolchain = REPO / "cmake" / "arm-none-eabi.cmake"
    subprocess.run(["cmake", "-S", str(REPO), "-B", str(build_dir), "-G", "Ninja", f"-DCMAKE_TOOLCHAIN_FILE={toolchain}",
                    "-DEMBER_BUILD_TESTS=OFF", *VARIANTS[variant]], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build_dir), "--target", "alif_e8_bringup"], check=True, capture_output=True)
    board = json.loads((build_dir / "board.json").read_text())
    elf = build_dir / "src" / "platform" / board["name"] / "alif_e8_bringup"
    binary = build_dir / "alif_e8_bringup.bin"
    subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", str(elf), str(binary)], check=True)
    source = json.loads((REPO / "src" / "platform" / board["name"] / "board.json").read_text())
    return Firmware(elf, binary, board, source)


@pytest.fixture(scope="session")
def e8_firmware(cross_compiler, tmp_path_factory):
    """variant -> Firmware; all variants build at once, side by side (configure is mostly serial)."""
    with ThreadPoolExecutor(len(VARIANTS)) as pool:
        futures = {v: pool.submit(_build, v, tmp_path_factory.mktemp(f"e8-{v}")) for v in VARIANTS}
        built = {v: f.result() for v, f in futures.items()}
    return built.__getitem__

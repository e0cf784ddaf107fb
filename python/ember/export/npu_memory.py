"""The memories Vela compiled an Ethos-U program for, recorded in the program as
constant methods (numbers, like upstream's input0_scale) for the cycle model of
`ember run`: the command stream reads the weights from region 0 whether they sit
in SRAM (Sram_Only) or in MRAM (Shared_Sram), so without this the .pte does not
say which.

Recorded: ethosu_memory_mode (MEMORY_MODE_CODES) and, for the memory holding the
constants (weights, scales) and the one holding the tensor arena, its bytes per
NPU cycle, burst length, read/write latencies, ports used and outstanding
reads/writes (the Ethos-U85's model limits each channel by them), as Vela 5.1 derives them from
its ini: bandwidth = <port>_clock_scale x AXI width x <port>_ports_used, the AXI
width 8 bytes for system configs named Ethos_U55* and 16 otherwise (regor.cpp,
regor_set_system_config; python/ember/config/e8.ini says why that matters).
Keys and defaults follow Vela's own reading of the ini (architecture_features.py:
clock scale 1, ports 1, burst 1, latencies 0 when a key is absent)."""

import configparser
from pathlib import Path

from .errors import ExportError

MEMORY_MODE_CODES = {"Sram_Only": 0, "Shared_Sram": 1, "Dedicated_Sram": 2}
AREAS = {"const": "const_mem_area", "arena": "arena_mem_area"}  # recorded name -> Memory_Mode key


def _flag(flags, name: str) -> str:
    for flag in flags:
        if flag.startswith(f"--{name}="):
            return flag.split("=", 1)[1]
    raise ExportError(f"the Ethos-U compile spec has no --{name}", "this is an ember bug: report it")


def memory_mode(compiler_flags) -> str:
    """The Vela memory mode these flags compile for (Shared_Sram, Sram_Only, ...)."""
    return _flag(compiler_flags, "memory-mode")


def memory_constants(compiler_flags) -> dict:
    """The constant methods for a program compiled with these Vela flags."""
    ini_path, system, mode = (_flag(compiler_flags, n) for n in ("config", "system-config", "memory-mode"))
    if mode not in MEMORY_MODE_CODES:
        raise ExportError(f"memory mode {mode} has no code for the cycle model",
                          f"give --memory-mode one of {', '.join(MEMORY_MODE_CODES)}")
    ini = configparser.ConfigParser()
    if not Path(ini_path).is_file() or not ini.read(ini_path):
        raise ExportError(f"cannot read the Vela config {ini_path}", "give --vela-config a readable .ini")
    system_section, mode_section = f"System_Config.{system}", f"Memory_Mode.{mode}"
    for section in (system_section, mode_section):
        if not ini.has_section(section):
            raise ExportError(f"{ini_path} has no section [{section}]",
                              "give a Vela config with that section, or the matching --system-config/--memory-mode")
    sys_cfg = ini[system_section]
    axi_width = 8 if system.startswith("Ethos_U55") else 16
    constants = {"ethosu_memory_mode": MEMORY_MODE_CODES[mode]}
    for area, key in AREAS.items():
        port = ini[mode_section].get(key, "Axi0").strip().lower()  # Axi0 / Axi1
        memory = sys_cfg.get(f"{port}_port")
        if memory is None:
            raise ExportError(f"[{system_section}] names no {port}_port for the {area} area of {mode}",
                              f"add {port}_port to [{system_section}] in the Vela config")
        memory = memory.strip()
        value = lambda name, default: float(sys_cfg.get(f"{memory}_{name}", default))  # noqa: E731
        constants[f"ethosu_{area}_bytes_per_cycle"] = value("clock_scale", 1.0) * axi_width * max(1, value("ports_used", 1))
        constants[f"ethosu_{area}_burst_bytes"] = int(value("burst_length", 1))
        constants[f"ethosu_{area}_read_latency"] = int(value("read_latency", 0))
        constants[f"ethosu_{area}_write_latency"] = int(value("write_latency", 0))
        # The U85's model limits each channel by the transactions in flight (regor
        # architecture.cpp reads these at least 1).
        for name in ("ports_used", "max_reads", "max_writes"):
            constants[f"ethosu_{area}_{name}"] = max(1, int(value(name, 1)))
    return constants

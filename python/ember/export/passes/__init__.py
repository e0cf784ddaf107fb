"""ember's graph passes: rewrites of the program upstream's Arm flow lowers, each
one keeping the program's results (see each module for what it keeps, and its test).

Two places take passes:
- the edge program, after quantization and before partitioning (`edge_passes`):
  rewrites that decide what the Ethos-U55 partitioner takes;
- the TOSA-dialect graph inside upstream's Arm backend, after its last pass
  (`InsertRescalePass`) and before the TOSA graph is serialized for Vela
  (`backend_passes`): rewrites that decide what Vela can fuse.

Every pass records in a `PassLog` how often it fired."""

import contextlib
import importlib
from dataclasses import dataclass, field

# name -> (module, class); imported only when a lowering runs (they import executorch)
EDGE = {"global-avg-pool-stride": ("global_pool", "GlobalAvgPoolStride")}
BACKEND = {"split-shared-input-rescales": ("fuse_rescale_inputs", "SplitSharedInputRescales"),
           "min-max-tables": ("min_max_tables", "MinMaxTables"),
           "flatten-into-linear": ("flatten_into_linear", "FlattenIntoLinear"),
           "constant-operand-tables": ("constant_operand_tables", "ConstantOperandTables"),
           "space-to-depth": ("space_to_depth", "SpaceToDepth"),
           "activation-before-reshape": ("activation_before_reshape", "ActivationBeforeReshape"),
           "batch-into-height": ("batch_into_height", "BatchIntoHeight"),
           "read-output-copies": ("read_output_copies", "ReadOutputCopies"),
           "single-reduce-sum": ("single_reduce_sum", "SingleReduceSum"),
           "constant-operands-to-sram": ("constant_operands_to_sram", "ConstantOperandsToSram"),
           "select-operand-copy": ("select_operand_copy", "SelectOperandCopy"),
           "reduce-min-as-max": ("reduce_min_as_max", "ReduceMinAsMax")}
# Passes that help only where Vela leaves constants in flash (not with Sram_Only).
FLASH_CONSTANTS_ONLY = {"constant-operands-to-sram"}
# Passes whose gain depends on Vela's blocking: the export lowers once more
# without them and keeps the program Vela estimates faster.
PRICED_BY_VELA = {"constant-operands-to-sram"}


@dataclass
class PassLog:
    fired: dict = field(default_factory=dict)  # pass name -> rewrites, summed over delegates

    def record(self, name: str, rewrites: int):
        if rewrites:
            self.fired[name] = self.fired.get(name, 0) + rewrites


def names() -> list[str]:
    return [*EDGE, *BACKEND]


def _instances(table: dict, log: PassLog, enabled) -> list:
    chosen = []
    for name, (module, cls) in table.items():
        if enabled is None or name in enabled:
            chosen.append(getattr(importlib.import_module(f".{module}", __name__), cls)(log))
    return chosen


def edge_passes(log: PassLog, enabled=None) -> list:
    """enabled: pass names to run (None: all)."""
    return _instances(EDGE, log, enabled)


@contextlib.contextmanager
def backend_passes(log: PassLog, enabled=None, constants_in_flash: bool = True):
    """Installs the backend passes in upstream's Arm pass pipeline for the
    duration of a lowering (upstream's own hook: pass insertions after a
    named pass), and removes exactly those afterwards. constants_in_flash:
    whether Vela leaves constants in flash (false for Sram_Only)."""
    from executorch.backends.arm._passes import arm_pass_manager
    from executorch.backends.arm._passes.insert_rescales_pass import InsertRescalePass

    if not constants_in_flash:
        enabled = [name for name in (BACKEND if enabled is None else enabled) if name not in FLASH_CONSTANTS_ONLY]
    ours = _instances(BACKEND, log, enabled)
    if not ours:
        yield
        return
    arm_pass_manager.register_pass_insertions_after(InsertRescalePass, ours)
    try:
        yield
    finally:
        insertions = arm_pass_manager._registered_pass_insertions[InsertRescalePass]
        insertions.after_passes[:] = [p for p in insertions.after_passes if not any(p is o for o in ours)]

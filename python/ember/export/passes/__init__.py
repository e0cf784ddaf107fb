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
from dataclasses import dataclass, field

from .fuse_rescale_inputs import SplitSharedInputRescales
from .global_pool import GlobalAvgPoolStride

EDGE = (GlobalAvgPoolStride,)
BACKEND = (SplitSharedInputRescales,)


@dataclass
class PassLog:
    fired: dict = field(default_factory=dict)  # pass name -> rewrites, summed over delegates

    def record(self, name: str, rewrites: int):
        if rewrites:
            self.fired[name] = self.fired.get(name, 0) + rewrites


def names() -> list[str]:
    return [p.NAME for p in EDGE + BACKEND]


def edge_passes(log: PassLog, enabled=None) -> list:
    """enabled: pass names to run (None: all)."""
    return [p(log) for p in EDGE if enabled is None or p.NAME in enabled]


@contextlib.contextmanager
def backend_passes(log: PassLog, enabled=None):
    """Installs the backend passes in upstream's Arm pass pipeline for the
    duration of a lowering (upstream's own hook: pass insertions after a
    named pass), and removes exactly those afterwards."""
    from executorch.backends.arm._passes import arm_pass_manager
    from executorch.backends.arm._passes.insert_rescales_pass import InsertRescalePass

    ours = [p(log) for p in BACKEND if enabled is None or p.NAME in enabled]
    if not ours:
        yield
        return
    arm_pass_manager.register_pass_insertions_after(InsertRescalePass, ours)
    try:
        yield
    finally:
        insertions = arm_pass_manager._registered_pass_insertions[InsertRescalePass]
        insertions.after_passes[:] = [p for p in insertions.after_passes if not any(p is o for o in ours)]

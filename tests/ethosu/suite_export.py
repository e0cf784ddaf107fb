"""A model exported as the NPU tests read it: seeded weights and data, the
program, and the TOSA graph Vela compiled (kept from the export)."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ember.export import export_model

CALIBRATION = 8
SAMPLES = 3


@dataclass
class Exported:
    result: object  # ember.export's ExportResult
    pte: Path
    tosa: Path


def seeded_data(shape, activations):
    """The calibration set (CALIBRATION float samples), then SAMPLES integer
    inputs over the whole range of the activations' type, from one seeded stream."""
    rng = np.random.default_rng(0)
    calibration = [(torch.from_numpy(rng.standard_normal(shape).astype(np.float32)),) for _ in range(CALIBRATION)]
    info = np.iinfo(activations)
    return calibration, rng.integers(info.min, info.max + 1, size=(SAMPLES, *shape), dtype=activations)


def export_for_npu(out: Path, factory, shape, target, activations, memory_mode="auto", passes=None) -> Exported:
    """The module factory() makes (torch seed 0) exported into out (model.pte, keep/)."""
    torch.manual_seed(0)
    calibration, _ = seeded_data(shape, activations)
    result = export_model(factory().eval(), calibration[0], target, calibration=calibration, io=activations,
                          activations=activations, memory_mode=memory_mode, keep_dir=str(out / "keep"),
                          passes=passes)
    (tosa,) = sorted((out / "keep" / "lowering").glob("output_tag*.tosa"))
    (pte := out / "model.pte").write_bytes(result.pte)
    return Exported(result, pte, tosa)

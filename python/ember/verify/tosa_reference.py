"""Running the TOSA reference model (tosa-tools) on the TOSA graph Vela compiled."""

import subprocess
import sys
from pathlib import Path

import numpy as np


def graph_io(tosa_file: Path):
    import tosa.TosaGraph as graph

    block = graph.TosaGraph.GetRootAs(tosa_file.read_bytes(), 0).Regions(0).Blocks(0)
    inputs = [block.Inputs(i).decode() for i in range(block.InputsLength())]
    outputs = [block.Outputs(i).decode() for i in range(block.OutputsLength())]
    return inputs, outputs


def run_reference(tosa_file: Path, x: np.ndarray, work: Path) -> np.ndarray:
    """Output 0 of the graph for input x (dtype and shape of the graph's input)."""
    return reference_outputs(tosa_file, x, work)[0]


def reference_outputs(tosa_file: Path, x: np.ndarray, work: Path) -> list[np.ndarray]:
    """Every output of the graph, in the graph's order, for input x."""
    (input_name,), outputs = graph_io(tosa_file)
    work.mkdir(parents=True, exist_ok=True)
    np.save(work / "ifm.npy", x)
    files = [work / f"ofm{i}.npy" for i in range(len(outputs))]
    tool = Path(sys.executable).with_name("tosa_reference_model")
    run = subprocess.run([str(tool), "--tosa_file", str(tosa_file), "--ifm_name", input_name,
                          "--ifm_file", str(work / "ifm.npy"), "--ofm_name", ",".join(outputs),
                          "--ofm_file", ",".join(str(f) for f in files)], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"tosa_reference_model failed:\n{run.stdout}\n{run.stderr}")
    return [np.load(f) for f in files]

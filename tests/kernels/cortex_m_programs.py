"""Small programs through upstream's Cortex-M flow, run by ember-tool and by the
reference: the same edge program executed in torch, where each cortex_m:: operator
runs its Python implementation (ops/operators.py), upstream's reference semantics,
or computes as the device does where that differs (average pool:
ember/verify/cortex_m_reference.py). (The pip package's executorch.runtime has no
cortex_m:: kernels to run instead.)"""

from dataclasses import dataclass

import numpy as np
import torch

from ember.verify.cortex_m_reference import reference_outputs
from tests.runtime.conftest import run_tool


@dataclass
class Exported:
    pte: bytes
    inputs: list          # test input tuples, channels_last where 4-D
    expected: list        # the reference's output tensor for each
    kernels: list         # the CPU kernels in the program, in order
    output_scale: float   # of the final dequantize: one int8 step of the output
    output_dim_order: list  # of the program's output 0 (may differ from torch's strides)


def memory_bytes(t: torch.Tensor, dim_order=None) -> bytes:
    """The tensor's bytes in a memory order (default: its own)."""
    return t.permute(*(dim_order or t.dim_order())).contiguous().numpy().tobytes()


def output_dim_order(pte: bytes) -> list:
    from executorch.exir._serialize._program import deserialize_pte_binary

    plan = deserialize_pte_binary(pte).program.execution_plan[0]
    return list(plan.values[plan.outputs[0]].val.dim_order)


def export(module, example, samples, tests) -> Exported:
    from executorch.exir import ExecutorchBackendConfig

    from ember.export import cortex_m
    from ember.export.pte_summary import summarize

    torch.manual_seed(0)
    quantized = cortex_m.quantize(module.eval(), example, samples)
    edge = cortex_m.edge_program(quantized, example)
    graph = edge.exported_program().graph_module.graph
    last = [n for n in graph.nodes if n.op == "output"][0].args[0][0]
    output_scale = float(last.args[1]) if "dequantize" in str(last.target) else 0.0
    inputs = [cortex_m.channels_last(t) for t in tests]
    expected = reference_outputs(edge, inputs)
    pte = edge.to_executorch(ExecutorchBackendConfig(extract_delegate_segments=False)).buffer
    return Exported(pte, inputs, expected, summarize(pte)["methods"][0]["cpu_operators"], output_scale,
                    output_dim_order(pte))


def run_ember(tool, exported: Exported, tmp_path, index: int) -> bytes:
    pte = tmp_path / "model.pte"
    pte.write_bytes(exported.pte)
    args = []
    for i, t in enumerate(exported.inputs[index]):
        path = tmp_path / f"in{index}_{i}.bin"
        path.write_bytes(memory_bytes(t))
        args += ["--input", path]
    out_dir = tmp_path / f"out{index}"
    out_dir.mkdir()
    run_tool(tool, "run", pte, *args, "--raw-io", out_dir)
    return (out_dir / "output0.bin").read_bytes()


def assert_bit_exact(tool, exported: Exported, tmp_path, steps: int = 0):
    """Every test input: ember's output bytes equal the reference's (steps = 0), or
    no output differs by more than `steps` int8 steps of the output."""
    for index, expected in enumerate(exported.expected):
        got = run_ember(tool, exported, tmp_path, index)
        want = memory_bytes(expected, exported.output_dim_order)
        if got == want:
            continue
        g = np.frombuffer(got, dtype=expected.numpy().dtype).astype(np.float64)
        w = np.frombuffer(want, dtype=expected.numpy().dtype).astype(np.float64)
        worst = np.abs(g - w).max()
        if steps and worst <= steps * exported.output_scale * (1 + 1e-3):
            continue
        raise AssertionError(f"input {index}: {np.count_nonzero(g != w)} of {w.size} values differ, "
                             f"max |diff| {worst} (output step {exported.output_scale})")

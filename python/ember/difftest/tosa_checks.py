"""Consistency checks of the TOSA graph upstream wrote, before it is used as the
reference: neither Vela nor tosa_reference_model refuses a reduction whose
declared output shape disagrees with its axis, and each then computes something
different (upstream ExecuTorch 1.4.1 writes such a REDUCE_SUM for a mean over
channels after a reshape, found by the differential tester: seed 3 graph 1008);
nor a graph whose output is smaller than the network's (upstream writes
torch.cat([y, y]) as a CONCAT of y alone: seed 3 graph 30, which ember's runtime
refuses by name, DelegateSizeMismatch)."""

from pathlib import Path


def inconsistencies(tosa_file: Path, output_elements: int) -> list[str]:
    """What is wrong with the graph, given the element count of the network's output."""
    import math

    import tosa.TosaGraph as graph
    from tosa.Op import Op

    reductions = {getattr(Op, name): name for name in ("REDUCE_SUM", "REDUCE_MAX", "REDUCE_MIN", "REDUCE_PRODUCT",
                                                       "REDUCE_ALL", "REDUCE_ANY", "ARGMAX") if hasattr(Op, name)}
    block = graph.TosaGraph.GetRootAs(tosa_file.read_bytes(), 0).Regions(0).Blocks(0)
    shapes = {}
    for i in range(block.TensorsLength()):
        tensor = block.Tensors(i)
        shapes[tensor.Name()] = [int(d) for d in tensor.ShapeAsNumpy()] if tensor.ShapeLength() else []
    found = []
    outputs = [shapes[block.Outputs(i)] for i in range(block.OutputsLength())]
    if [math.prod(shape) for shape in outputs] != [output_elements]:
        found.append(f"outputs {outputs} for a network output of {output_elements} elements")
    for i in range(block.OperatorsLength()):
        op = block.Operators(i)
        if op.Op() not in reductions:
            continue
        axis = _axis(op)
        source, result = shapes[op.Inputs(0)], shapes[op.Outputs(0)]
        expected = [1 if d == axis else n for d, n in enumerate(source)]
        if op.Op() == getattr(Op, "ARGMAX", None):
            expected = [n for d, n in enumerate(source) if d != axis]
        if result != expected:
            found.append(f"{reductions[op.Op()]} axis {axis} of {source} declared {result}")
    return found


def _axis(op) -> int:
    from tosa.ReduceSumAttribute import ReduceSumAttribute

    # Every reduction's attribute table holds its axis as field 0.
    attribute = ReduceSumAttribute()
    table = op.Attribute()
    attribute.Init(table.Bytes, table.Pos)
    return attribute.Axis()

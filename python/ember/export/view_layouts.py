"""Views the memory planner placed across a layout change. A reshape is a view:
the program holds no instruction for it, only a tensor placed on its base's
memory. That holds only while both are laid out in row-major order; upstream's
Cortex-M flow also does it where the base is channels-last (a reshape of the
quantized input, one operand of a matmul), so the view reads the elements in
another order than torch's reshape, in upstream's runtime as in ember's."""

import numpy as np


def views_across_layouts(pte: bytes) -> list[str]:
    """One line per view: a tensor no instruction writes (not a scratch buffer:
    same dtype and element count), read in the memory of the tensor last written
    there, where the two are not both row-major."""
    from executorch.exir._serialize._program import deserialize_pte_binary

    plan = deserialize_pte_binary(pte).program.execution_plan[0]
    instructions = [i.instr_args.args for i in plan.chains[0].instructions if hasattr(i.instr_args, "args")]
    written = [list(plan.inputs)] + [_written_tensors(plan, args) for args in instructions]

    def place(j):
        info = getattr(plan.values[j].val, "allocation_info", None)
        return None if info is None else (info.memory_id, info.memory_offset_low, info.memory_offset_high)

    found = []
    for i, args in enumerate(instructions):
        before = [k for group in written[: i + 1] for k in group]
        for j in args:
            if j in before or any(j in group for group in written) or place(j) is None:
                continue
            bases = [k for k in before if place(k) == place(j)]
            if not bases:
                continue
            view, base = plan.values[j].val, plan.values[bases[-1]].val
            if view.scalar_type != base.scalar_type or np.prod(view.sizes) != np.prod(base.sizes):
                continue
            if not (_row_major(view) and _row_major(base)):
                found.append(f"value {j} (sizes {list(view.sizes)}, dim order {list(view.dim_order)}) is read "
                             f"in the memory of value {bases[-1]} (sizes {list(base.sizes)}, dim order "
                             f"{list(base.dim_order)})")
    return found


def _written_tensors(plan, args) -> list:
    """The tensors an instruction writes. A kernel call's arguments end with its
    out arguments and then the same values again as its returns (`..., out, out`;
    `..., out, indices, out, indices`): those, even where every argument is a
    tensor (an activation's input, table and out). Otherwise (a delegate call) its
    trailing run of tensor and tensor list arguments."""
    for count in range(len(args) // 2, 0, -1):
        if list(args[-count:]) == list(args[-2 * count:-count]):
            return list(args[-count:])
    written = []
    for j in reversed(args):
        value = plan.values[j].val
        if type(value).__name__ == "Tensor":
            written.append(j)
        elif type(value).__name__ in ("TensorList", "OptionalTensorList"):
            written += list(value.items)
        else:
            break
    return written


def _row_major(tensor) -> bool:
    """Whether the tensor's dim order places every element where row-major order does."""
    sizes = list(tensor.sizes)
    index = np.arange(int(np.prod(sizes))).reshape(sizes)
    return np.array_equal(index.transpose(list(tensor.dim_order)).ravel(), index.ravel())

"""New weights for a TOSA graph without another PyTorch export: the constant
data of its convolutions (weights, biases) and tables is rewritten in place
(same shapes and types, so the graph stays one upstream could write), seeded.
Weights are the originals permuted, sign-flipped and sometimes made sparse
(zero runs and few distinct values are what Vela's weight compression
exploits); int8 tables are arbitrary, int16 tables a random walk with the
small steps a 16-bit LUT's slopes hold. Rescale multipliers, shifts and zero
points are left alone."""

import numpy as np

_ELEMENT_BYTES = {3: 1, 4: 2, 5: 4, 6: 6}  # tosa.DType INT8, INT16, INT32, INT48


def mutate_constants(tosa: bytes, seed: int) -> bytes:
    import tosa.TosaGraph as graph
    from tosa.Op import Op

    buffer = bytearray(tosa)
    block = graph.TosaGraph.GetRootAs(buffer, 0).Regions(0).Blocks(0)
    tensors = {}
    for i in range(block.TensorsLength()):
        tensor = block.Tensors(i)
        tensors[tensor.Name()] = tensor
    rng = np.random.default_rng(seed)
    sparse = rng.random() < 0.4
    for i in range(block.OperatorsLength()):
        op = block.Operators(i)
        names = [op.Inputs(j) for j in range(op.InputsLength())]
        if op.Op() in (Op.CONV2D, Op.DEPTHWISE_CONV2D, Op.TRANSPOSE_CONV2D) and len(names) >= 3:
            _permute(rng, tensors[names[1]], sign_flip=True, zero_fraction=rng.uniform(0.3, 0.95) if sparse else 0)
            _permute(rng, tensors[names[2]], sign_flip=True, zero_fraction=0)
        elif op.Op() == Op.TABLE and len(names) >= 2:
            _random_table(rng, tensors[names[1]])
    return bytes(buffer)


def _data(tensor):
    data = tensor.DataAsNumpy()
    return None if isinstance(data, int) or tensor.Type() not in _ELEMENT_BYTES else data


def _permute(rng, tensor, sign_flip: bool, zero_fraction: float):
    data = _data(tensor)
    if data is None:
        return
    size = _ELEMENT_BYTES[tensor.Type()]
    if size in (1, 4):
        values = data.view(np.int8 if size == 1 else "<i4")
        new = rng.permutation(values.astype(np.int64))
        if sign_flip:
            new *= rng.choice([-1, 1], size=new.shape)
        if zero_fraction:
            new[rng.random(new.shape) < zero_fraction] = 0
        info = np.iinfo(values.dtype)
        values[:] = np.clip(new, info.min + 1, info.max)
    else:  # INT48 and INT16 records: permute whole elements
        records = data.reshape(-1, size)
        records[:] = records[rng.permutation(len(records))]


def _random_table(rng, tensor):
    data = _data(tensor)
    if data is None:
        return
    if tensor.Type() == 3:
        data.view(np.int8)[:] = rng.integers(-128, 128, size=data.size, dtype=np.int8)
    elif tensor.Type() == 4:
        values = data.view("<i2")
        walk = np.cumsum(rng.integers(-96, 97, size=values.size)) + rng.integers(-8000, 8000)
        values[:] = np.clip(walk, -32768, 32767)

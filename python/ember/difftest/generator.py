"""Random small networks from the operators the Ethos-U55 partitioner takes, or
(flavour "u85") with the operators only the Ethos-U85 takes besides: matmuls of
two activations (attention-shaped), resizes, gathers, softmax and layer norm,
selects on comparisons, reductions, any permutation; or (flavour "passes") with
the patterns ember's graph passes rewrite drawn often (PASS_OPS: global average
pools, scalar constants, min/max trees, operands read several times, Linear on
a sequence, strided convolutions of one channel, operators the U55 leaves to
the CPU between delegates); or (flavour "avgpool") an average pool with padding,
counted in or out of the divisor, whose output a residual add or an add of a
convolution of it reads (the pool's rounding, scaled by the gain after it); or
(flavour "reshaped") one operator of either family whose output a reshape reads
(a flatten into a Linear, a Linear over the last dimension, a reshape): Vela
gives a tensor the shape of a reshape that reads it, which two of its own
decompositions got wrong (a select on the U85, a REDUCE_MIN on the U55).

A network is a spec: plain JSON (input shape, activation type, a list of nodes,
each naming its operator, parameters and the earlier nodes it reads), so a
failing case can be saved, shrunk and replayed. Graph `index` of `seed` is
always the same spec: its random stream is seeded by (seed, index, flavour) alone.
Shapes are worked out here, without torch; `build_module` turns a spec into a
torch module."""

import math
import random

# Activation functions the partitioner delegates (each a TABLE or a clamp on the NPU).
ACTIVATIONS = ("relu", "relu6", "clamp", "sigmoid", "tanh", "hardswish", "hardsigmoid", "silu", "gelu")
ELEMENTWISE = ("add", "sub", "mul", "minimum", "maximum")
MAX_ELEMENTS = 48 * 1024  # per feature map: keeps a graph's simulation well under a second
MAX_WEIGHTS = 256 * 1024
# Operators the U85 takes and the U55's partitioner leaves to the CPU.
U85_OPS = ("matmul", "resize", "gather", "softmax", "layernorm", "where", "reduce", "permute")
COMPARISONS = ("gt", "ge", "lt", "le", "eq", "ne")
# Drawn beside them in the U85 flavour: Vela decomposes a transposed
# convolution's stride for the U85 (reversed kernels, one convolution per phase).
U85_EXTRA_OPS = ("tconv",)
# Drawn in the "passes" flavour (python/ember/export/passes, the pass each feeds):
# gpool (global-avg-pool-stride, single-reduce-sum), const (constant-operand-tables,
# min-max-tables), mix (split-shared-input-rescales, min-max-tables), seqfc
# (batch-into-height), s2d (space-to-depth), flatfc (flatten-into-linear), cpu (an
# operator the U55 leaves to the CPU: several delegates; skip, a U-Net level whose
# input is also an output of its delegate: read-output-copies).
PASS_OPS = ("gpool", "const", "mix", "seqfc", "s2d", "flatfc", "minmax", "cpu")


def generate(seed: int, index: int, flavour: str = "u55") -> dict:
    """flavour "u85": most graphs hold at least one of U85_OPS; "passes": about
    half the nodes are drawn from PASS_OPS (the U55 stream of the same seed and
    index is left as it was)."""
    u85, passes = flavour == "u85", flavour == "passes"
    rng = random.Random(f"ember-difftest:{seed}:{index}" + ("" if flavour == "u55" else f":{flavour}"))
    if flavour == "avgpool":
        return _avg_pool_then_add(rng, seed, index)
    reshaped = flavour == "reshaped"
    channels = rng.choice([1, 2, 3, 4, 7, 8, 16, 24, 33, 64, rng.randint(1, 96), rng.randint(100, 320)])
    if passes and rng.random() < 0.4:
        channels = 1  # a spectrogram's or grey image's first layer (space-to-depth)
    side_limit = max(1, int(math.sqrt(MAX_ELEMENTS / channels)))
    height = min(side_limit, rng.choice([1, 2, 5, 8, 13, 16, 31, rng.randint(1, 64), rng.randint(60, 130)]))
    width = min(side_limit, rng.choice([height, height, 1, 3, 9, rng.randint(1, 64)]))
    spec = {"seed": seed, "index": index, "dtype": rng.choice(["int8", "int8", "int16"]),
            "input": [channels, height, width], "nodes": []}
    shapes = [tuple(spec["input"])]  # shape of value k: k=0 the input, k>0 node k-1
    steps = 1 if reshaped else rng.randint(1, 6)
    attempts = 0
    while attempts < steps or (u85 and attempts < steps + 8 and not _has_u85_op(spec)) \
            or (reshaped and len(spec["nodes"]) < 2 and attempts < 40):
        attempts += 1
        if passes and rng.random() < 0.5:
            node = _random_pass_node(rng, shapes)
        elif reshaped:
            node = _random_node(rng, [shapes[0]], rng.random() < 0.5) if not spec["nodes"] \
                else _reshaping_reader(rng, shapes)
        else:
            node = _random_node(rng, shapes, u85 and (attempts > steps or rng.random() < 0.5))
        if node is None or (spec["dtype"] == "int16" and _raw_accumulator_use(node, spec["nodes"])):
            continue
        shape = output_shape(node, [shapes[k] for k in node["in"]])
        if shape is None or math.prod(shape) > MAX_ELEMENTS or math.prod(shape) == 0:
            continue
        spec["nodes"].append(node)
        shapes.append(shape)
    if not spec["nodes"]:
        spec["nodes"].append({"op": "act", "kind": "relu", "in": [0]})
    return spec


def _avg_pool_then_add(rng: random.Random, seed: int, index: int) -> dict:
    """[a convolution,] an average pool (kernel 2-5, stride 1-3, padding 1 to half
    the kernel, count_include_pad either way), then a residual block on the pool
    or the pool plus a convolution of it."""
    channels = rng.choice([1, 2, 3, 4, 7, 8, 16, 33])
    k = rng.choice([2, 3, 3, 4, 5])
    height, width = rng.randint(k, 24), rng.randint(k, 24)
    spec = {"seed": seed, "index": index, "dtype": "int8", "input": [channels, height, width], "nodes": []}
    if rng.random() < 0.5:
        spec["nodes"].append({"op": "conv", "in": [0], "cout": channels, "kernel": [1, 1], "stride": 1,
                              "dilation": 1, "padding": [0, 0], "groups": 1, "bias": True})
    spec["nodes"].append({"op": "pool", "kind": "avg", "in": [len(spec["nodes"])], "kernel": k,
                          "stride": rng.choice([1, 2, 3]), "padding": rng.randint(1, k // 2),
                          "include_pad": rng.random() < 0.5})
    pool = len(spec["nodes"])
    if rng.random() < 0.5:
        spec["nodes"].append({"op": "residual", "in": [pool], "kernel": rng.choice([1, 3]),
                              "act": rng.choice(["relu", "none"])})
    else:
        kernel = rng.choice([1, 3])
        spec["nodes"].append({"op": "conv", "in": [pool], "cout": channels, "kernel": [kernel, kernel], "stride": 1,
                              "dilation": 1, "padding": [kernel // 2, kernel // 2], "groups": 1, "bias": True})
        spec["nodes"].append({"op": "elementwise", "kind": "add", "in": [pool, pool + 1]})
    return spec


def _reshaping_reader(rng: random.Random, shapes: list) -> dict | None:
    """A node that reads the last value through a RESHAPE."""
    src = len(shapes) - 1
    shape = shapes[src]
    op = rng.choice(["fc", "fc", "seqfc", "reshape"] if len(shape) == 3 else ["fc"])
    if op == "reshape":
        return _reshape_node(rng, src, shape)
    if op == "seqfc":
        return {"op": "seqfc", "in": [src], "out": rng.choice([1, 4, 16, rng.randint(1, 64)]), "bias": True}
    if math.prod(shape) > 8192:
        return None
    return {"op": "fc", "in": [src], "out": rng.choice([1, 2, 10, rng.randint(1, 64)]), "bias": rng.random() < 0.9}


def _reshape_node(rng: random.Random, src: int, shape: tuple) -> dict:
    c, h, w = shape
    options = [(c * h, w, 1), (c, h * w, 1), (1, c * h, w), (c * w, h, 1)]
    return {"op": "reshape", "in": [src], "shape": list(rng.choice(options))}


def _has_u85_op(spec: dict) -> bool:
    return any(node["op"] in U85_OPS for node in spec["nodes"])


def _raw_accumulator_use(node: dict, nodes: list) -> bool:
    """With a16w8, upstream hands a convolution's raw 32-bit accumulator (scale
    not applied) to a following add/sub/mul/min/max or mean: TOSA's int32 sums
    and products then wrap where the NPU saturates, or the reference refuses the
    RESCALE. Such int16 graphs check upstream's lowering, not the simulator."""
    if node["op"] == "residual":
        return True
    if node["op"] not in ("elementwise", "mean", "const", "mix"):
        return False
    return any(_from_accumulator(k, nodes) for k in node["in"])


def _from_accumulator(value: int, nodes: list) -> bool:
    """Whether a value is a convolution's output (transposed too: seed 23 graph 5
    of the U85 flavour, tconv then mul, as conv then mul), through layout ops and
    clamps."""
    while value > 0:
        node = nodes[value - 1]
        if node["op"] in ("conv", "tconv", "fc", "residual"):
            return True
        if node["op"] not in ("transpose", "reshape") and not (node["op"] == "act" and node["kind"] in
                                                                ("relu", "relu6", "clamp")):
            return False
        value = node["in"][0]
    return False


def value_shapes(spec: dict) -> list:
    """The shape of every value (the input, then each node's output); None if invalid."""
    shapes = [tuple(spec["input"])]
    for node in spec["nodes"]:
        if any(k >= len(shapes) or shapes[k] is None for k in node["in"]):
            return None
        shapes.append(output_shape(node, [shapes[k] for k in node["in"]]))
        if shapes[-1] is None or math.prod(shapes[-1]) == 0:
            return None
    return shapes


def _random_node(rng: random.Random, shapes: list, u85_op: bool = False) -> dict | None:
    last = len(shapes) - 1
    src = last if rng.random() < 0.7 else rng.randint(0, last)
    shape = shapes[src]
    four_d = len(shape) == 3
    if u85_op:
        return _random_u85_node(rng, shapes, src)
    choices = ["act", "elementwise", "fc"]
    if four_d:
        choices += ["conv", "conv", "conv", "depthwise", "depthwise", "pool", "mean", "concat", "reshape",
                    "transpose", "residual"]
    op = rng.choice(choices)
    if op == "conv":
        c = shape[0]
        groups = 1
        if rng.random() < 0.2:
            divisors = [g for g in range(2, c + 1) if c % g == 0 and g < c]
            groups = rng.choice(divisors) if divisors else 1
        cout = groups * rng.choice([1, 2, 3, 5, 8, 16, rng.randint(1, 64)])
        if rng.random() < 0.15:
            cout = rng.randint(100, 300) // groups * groups or groups
        kh = rng.choice([1, 1, 2, 3, 3, 5, 7])
        kw = kh if rng.random() < 0.8 else rng.choice([1, 3, 5])
        dilation = 2 if rng.random() < 0.15 else 1
        stride = rng.choice([1, 1, 1, 2, 2, 3])
        padding = [rng.randint(0, (kh - 1) * dilation // 2), rng.randint(0, (kw - 1) * dilation // 2)]
        if cout * (c // groups) * kh * kw > MAX_WEIGHTS:
            return None
        return {"op": "conv", "in": [src], "cout": cout, "kernel": [kh, kw], "stride": stride,
                "dilation": dilation, "padding": padding, "groups": groups, "bias": rng.random() < 0.85}
    if op == "depthwise":
        k = rng.choice([3, 3, 5, 1, 7])
        return {"op": "conv", "in": [src], "cout": shape[0] * rng.choice([1, 1, 1, 2, 3]), "kernel": [k, k],
                "stride": rng.choice([1, 1, 2]), "dilation": 1, "padding": [k // 2, k // 2] if rng.random() < 0.8
                else [0, 0], "groups": shape[0], "bias": True}
    if op == "fc":
        features = math.prod(shape)
        out = rng.choice([1, 2, 7, 10, 16, 40, rng.randint(1, 300)])
        if features * out > MAX_WEIGHTS or features > 8192:
            return None
        return {"op": "fc", "in": [src], "out": out, "bias": rng.random() < 0.9}
    if op == "act":
        kind = rng.choice(ACTIVATIONS)
        node = {"op": "act", "kind": kind, "in": [src]}
        if kind == "clamp":
            low = round(rng.uniform(-2, 0.5), 2)
            node["range"] = [low, round(low + rng.uniform(0.1, 3), 2)]
        return node
    if op == "pool":
        k = rng.choice([2, 3, 3, 5])
        stride = rng.choice([1, 2, 2, 3])
        padding = rng.randint(0, k // 2)
        return {"op": "pool", "kind": rng.choice(["max", "avg"]), "in": [src], "kernel": k, "stride": stride,
                "padding": padding}
    if op == "mean":
        return {"op": "mean", "in": [src], "dims": rng.choice([[2, 3], [2, 3], [1], [3]])}
    if op == "elementwise":
        kind = rng.choice(ELEMENTWISE)
        partners = [k for k, s in enumerate(shapes) if s == shape or _broadcasts(s, shape)]
        other = rng.choice(partners)
        node = {"op": "elementwise", "kind": kind, "in": [src, other]}
        if rng.random() < 0.3:
            node["scale_other"] = round(rng.uniform(0.1, 4), 2)
        return node
    if op == "residual":  # a conv block added back onto its input
        return {"op": "residual", "in": [src], "kernel": rng.choice([1, 3]), "act": rng.choice(["relu", "none"])}
    if op == "concat":
        partners = [k for k, s in enumerate(shapes) if len(s) == 3 and s[1:] == shape[1:]]
        return {"op": "concat", "in": [src, rng.choice(partners)]}
    if op == "reshape":
        return _reshape_node(rng, src, shape)
    if op == "transpose":
        return {"op": "transpose", "in": [src], "perm": rng.choice([[0, 1, 3, 2], [0, 2, 1, 3], [0, 3, 2, 1],
                                                                     [0, 2, 3, 1]])}
    return None


def _random_u85_node(rng: random.Random, shapes: list, src: int) -> dict | None:
    shape = shapes[src]
    if len(shape) != 3:
        op = rng.choice(["softmax", "layernorm", "where", "reduce", "gather"])
    else:
        op = rng.choice(U85_OPS + U85_EXTRA_OPS + ("matmul", "gather"))
    rank = len(shape)
    if op == "matmul":  # per channel ("head"): x @ other^T (scores) or x @ other (weighted values)
        c, h, w = shape
        partners = [(k, "nt") for k, s in enumerate(shapes) if len(s) == 3 and s[0] == c and s[2] == w] + \
                   [(k, "nn") for k, s in enumerate(shapes) if len(s) == 3 and s[0] == c and s[1] == w]
        other, form = rng.choice(partners)
        return {"op": "matmul", "in": [src, other], "form": form}
    if op == "resize":
        mode = rng.choice(["nearest", "nearest", "bilinear"])
        node = {"op": "resize", "in": [src], "mode": mode, "scale": rng.choice([2, 2, 3, 4])}
        if mode == "bilinear":
            node["align_corners"] = rng.random() < 0.3
        return node
    if op == "gather":  # index_select with constant indices: TOSA GATHER
        dim = rng.randint(1, rank)
        n = shape[dim - 1]
        count = rng.choice([1, 2, 3, n, rng.randint(1, 2 * n + 1)])
        return {"op": "gather", "in": [src], "dim": dim, "index": [rng.randrange(n) for _ in range(count)]}
    if op == "tconv":
        c = shape[0]
        cout = rng.choice([1, 3, 8, 16, rng.randint(1, 64)])
        k = rng.choice([1, 2, 3, 4, 5])
        stride = rng.choice([1, 2, 2, 3])
        if cout * c * k * k > MAX_WEIGHTS:
            return None
        return {"op": "tconv", "in": [src], "cout": cout, "kernel": k, "stride": stride,
                "padding": rng.randint(0, (k - 1) // 2), "bias": rng.random() < 0.8}
    if op == "softmax":
        return {"op": "softmax", "in": [src], "dim": rng.choice([rank, rank, rng.randint(1, rank)])}
    if op == "layernorm":
        return {"op": "layernorm", "in": [src], "dims": rng.choice([1, 1, 2]) if rank > 1 else 1,
                "affine": rng.random() < 0.5}
    if op == "where":
        partners = [k for k, s in enumerate(shapes) if s == shape or _broadcasts(s, shape)]
        return {"op": "where", "kind": rng.choice(COMPARISONS), "in": [src, rng.choice(partners)],
                "against": rng.choice(["other", "zero"])}
    if op == "reduce":
        return {"op": "reduce", "kind": rng.choice(["sum", "amax", "amin"]), "in": [src],
                "dim": rng.randint(1, rank)}
    if op == "permute":
        perm = [1, 2, 3]
        while perm == [1, 2, 3]:
            rng.shuffle(perm)
        return {"op": "permute", "in": [src], "perm": [0, *perm]}
    return None


def _random_pass_node(rng: random.Random, shapes: list) -> dict | None:
    last = len(shapes) - 1
    src = last if rng.random() < 0.7 else rng.randint(0, last)
    shape = shapes[src]
    op = rng.choice(PASS_OPS)
    if op == "const":  # x + k, x - k, k - x, max(x, k), min(x, k)
        return {"op": "const", "in": [src], "kind": rng.choice(["add", "sub", "rsub", "maximum", "minimum"]),
                "value": round(rng.uniform(-3, 3), 2)}
    if op in ("mix", "minmax"):
        partners = [k for k, s in enumerate(shapes) if s == shape or _broadcasts(s, shape)]
        other = rng.choice(partners)
        if op == "mix":
            return {"op": "mix", "in": [src, other]}
        return {"op": "elementwise", "kind": rng.choice(["minimum", "maximum"]), "in": [src, other],
                "scale_other": round(rng.uniform(0.1, 4), 2)}
    if op == "cpu":
        kind = rng.choice(["resize", "skip", "skip", "softmax", "where"])
        if kind == "skip":  # of a computed map (a delegate's output) that pools to whole halves
            even = [k for k, s in enumerate(shapes) if k and len(s) == 3 and s[1] % 2 == s[2] % 2 == 0]
            return {"op": "skip", "in": [rng.choice(even)]} if even else None
        if len(shape) != 3:
            return None
        if kind == "resize":
            return {"op": "resize", "in": [src], "mode": "nearest", "scale": 2}
        if kind == "softmax":
            return {"op": "softmax", "in": [src], "dim": rng.randint(1, 3)}
        return {"op": "where", "kind": rng.choice(COMPARISONS), "in": [src, src], "against": "zero"}
    if op == "seqfc":  # nn.Linear over the last dimension of the map: a sequence's projection
        out = rng.choice([1, 4, 8, 16, 32, rng.randint(1, 96)])
        return {"op": "seqfc", "in": [src], "out": out, "bias": rng.random() < 0.8} if len(shape) == 3 else None
    if op == "flatfc":
        if len(shape) != 3 or math.prod(shape) > 8192:
            return None
        out = rng.choice([1, 2, 10, 16, rng.randint(1, 64)])
        return {"op": "fc", "in": [src], "out": out, "bias": rng.random() < 0.9}
    if len(shape) != 3:
        return None
    if op == "gpool":  # one window over the whole map: AvgPool2d((H, W)), AdaptiveAvgPool2d(1), mean,
        # or a 1x1 convolution and the mean (DS-CNN's tail: upstream hands the mean the
        # convolution's int32 accumulator, the two sums single-reduce-sum makes one)
        form = rng.choice(["avg", "adaptive", "mean", "conv-mean"])
        if form == "conv-mean":
            return {"op": "gpool", "in": [src], "form": form, "cout": rng.choice([4, 16, 64, rng.randint(1, 96)])}
        return {"op": "gpool", "in": [src], "form": form}
    # s2d: a strided convolution of a one-channel map; else a convolution to one channel
    ones = [k for k, s in enumerate(shapes) if len(s) == 3 and s[0] == 1]
    if not ones:
        return {"op": "conv", "in": [src], "cout": 1, "kernel": [1, 1], "stride": 1, "dilation": 1,
                "padding": [0, 0], "groups": 1, "bias": True}
    src = rng.choice(ones)
    kh = rng.choice([2, 3, 4, 5, 7, 10])
    kw = rng.choice([kh, 1, 3, 4])
    stride = rng.choice([2, 2, 3, 4])
    return {"op": "conv", "in": [src], "cout": rng.choice([1, 4, 8, 16, 64, rng.randint(1, 96)]), "kernel": [kh, kw],
            "stride": stride, "dilation": 1, "padding": [rng.randint(0, kh // 2), rng.randint(0, kw // 2)],
            "groups": 1, "bias": rng.random() < 0.9}


def _broadcasts(small: tuple, big: tuple) -> bool:
    return len(small) == len(big) and small != big and all(a == b or a == 1 for a, b in zip(small, big))


def output_shape(node: dict, inputs: list) -> tuple | None:
    """Shape of a node's output (channels-first, batch dropped), or None if invalid."""
    op = node["op"]
    shape = inputs[0]
    if op == "conv":
        c, h, w = shape
        if c % node["groups"] or node["cout"] % node["groups"]:
            return None
        out = [node["cout"]]
        for size, k, p in zip((h, w), node["kernel"], node["padding"]):
            span = (k - 1) * node["dilation"] + 1
            n = (size + 2 * p - span) // node["stride"] + 1
            if n < 1:
                return None
            out.append(n)
        return tuple(out)
    if op == "fc":
        return (node["out"],)
    if op in ("act", "residual", "const"):
        return shape
    if op == "gpool":
        return (node.get("cout", shape[0]), 1, 1) if len(shape) == 3 else None
    if op == "skip":
        return (2 * shape[0], *shape[1:]) if len(shape) == 3 and shape[1] % 2 == shape[2] % 2 == 0 else None
    if op == "seqfc":
        return (*shape[:-1], node["out"]) if len(shape) == 3 else None
    if op == "pool":
        c, h, w = shape
        k, s, p = node["kernel"], node["stride"], node["padding"]
        if h < k or w < k:
            return None
        return (c, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1)
    if op == "mean":
        return tuple(1 if d in node["dims"] else n for d, n in enumerate(shape, start=1))
    if op in ("elementwise", "mix"):
        other = inputs[1]
        if len(other) != len(shape) or not all(a == b or a == 1 or b == 1 for a, b in zip(shape, other)):
            return None
        return tuple(max(a, b) for a, b in zip(shape, other))
    if op == "concat":
        a, b = inputs
        if len(a) != 3 or len(b) != 3 or a[1:] != b[1:]:
            return None
        return (a[0] + b[0], *a[1:])
    if op == "reshape":
        return tuple(node["shape"]) if math.prod(node["shape"]) == math.prod(shape) else None
    if op in ("transpose", "permute"):
        full = (1, *shape)
        return tuple(full[p] for p in node["perm"])[1:]
    if op == "matmul":
        other = inputs[1]
        if len(shape) != 3 or len(other) != 3 or shape[0] != other[0]:
            return None
        inner, n = (other[2], other[1]) if node["form"] == "nt" else (other[1], other[2])
        return (shape[0], shape[1], n) if inner == shape[2] else None
    if op == "tconv":
        if len(shape) != 3:
            return None
        k, stride, p = node["kernel"], node["stride"], node["padding"]
        sides = [(n - 1) * stride - 2 * p + k for n in shape[1:]]
        return (node["cout"], *sides) if min(sides) > 0 else None
    if op == "resize":
        if len(shape) != 3:
            return None
        return (shape[0], shape[1] * node["scale"], shape[2] * node["scale"])
    if op == "gather":
        if node["dim"] > len(shape) or any(not 0 <= i < shape[node["dim"] - 1] for i in node["index"]):
            return None
        return tuple(len(node["index"]) if d == node["dim"] else n for d, n in enumerate(shape, start=1))
    if op in ("softmax", "layernorm"):
        limit = node["dim"] if op == "softmax" else node["dims"]
        return shape if limit <= len(shape) else None
    if op == "where":
        other = inputs[1]
        if other != shape and not _broadcasts(other, shape):
            return None
        return shape
    if op == "reduce":
        return tuple(1 if d == node["dim"] else n for d, n in enumerate(shape, start=1)) \
            if node["dim"] <= len(shape) else None
    raise ValueError(f"unknown op {op}")


def build_module(spec: dict):
    """The spec as a torch module (weights from torch's default initialisation,
    seeded by the spec's seed and index)."""
    import torch
    from torch import nn

    torch.manual_seed(spec["seed"] * 100003 + spec["index"])
    shapes = value_shapes(spec)
    if shapes is None:
        raise ValueError("invalid spec")

    class Generated(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList()
            for node, shape in zip(spec["nodes"], shapes[:-1]):
                self.layers.append(_layer(node, [shapes[k] for k in node["in"]]))

        def forward(self, x):
            values = [x]
            for node, layer in zip(spec["nodes"], self.layers):
                values.append(_apply(node, layer, [values[k] for k in node["in"]]))
            return values[-1]

    return Generated().eval()


def _layer(node, inputs):
    from torch import nn

    op = node["op"]
    if op == "conv":
        return nn.Conv2d(inputs[0][0], node["cout"], tuple(node["kernel"]), stride=node["stride"],
                         padding=tuple(node["padding"]), dilation=node["dilation"], groups=node["groups"],
                         bias=node["bias"])
    if op == "fc":
        return nn.Linear(math.prod(inputs[0]), node["out"], bias=node["bias"])
    if op == "seqfc":
        return nn.Linear(inputs[0][-1], node["out"], bias=node["bias"])
    if op == "gpool":
        c, h, w = inputs[0]
        forms = {"conv-mean": lambda: nn.Conv2d(c, node.get("cout", c), 1), "adaptive": lambda: nn.AdaptiveAvgPool2d(1),
                 "avg": lambda: nn.AvgPool2d((h, w)), "mean": nn.Identity}
        return forms[node["form"]]()
    if op == "residual":
        c = inputs[0][0]
        k = node["kernel"]
        return nn.Sequential(nn.Conv2d(c, c, k, padding=k // 2), nn.BatchNorm2d(c))
    if op == "tconv":
        return nn.ConvTranspose2d(inputs[0][0], node["cout"], node["kernel"], stride=node["stride"],
                                  padding=node["padding"], bias=node["bias"])
    if op == "layernorm":
        return nn.LayerNorm(tuple(inputs[0][-node["dims"]:]), elementwise_affine=node["affine"])
    if op == "pool":
        k, s, p = node["kernel"], node["stride"], node["padding"]
        if node["kind"] == "max":
            return nn.MaxPool2d(k, stride=s, padding=p)
        return nn.AvgPool2d(k, stride=s, padding=p, count_include_pad=node.get("include_pad", False))
    return nn.Identity()


def _apply(node, layer, args):
    import torch
    import torch.nn.functional as F

    op = node["op"]
    x = args[0]
    if op in ("conv", "pool", "tconv", "seqfc"):
        return layer(x)
    if op == "gpool":
        if node["form"] in ("mean", "conv-mean"):
            return layer(x).mean(dim=(2, 3), keepdim=True)
        return layer(x)
    if op == "const":
        k = torch.tensor(node["value"])
        kind = node["kind"]
        return {"add": lambda: x + node["value"], "sub": lambda: x - node["value"],
                "rsub": lambda: node["value"] - x, "maximum": lambda: torch.maximum(x, k),
                "minimum": lambda: torch.minimum(x, k)}[kind]()
    if op == "skip":  # x pooled, upsampled on the CPU (the U55 takes no resize), concatenated with x
        return torch.cat([F.interpolate(F.max_pool2d(x, 2), scale_factor=2), x], dim=1)
    if op == "mix":  # each operand read by several int32 elementwise operations
        a, b = args
        return a * b + (1 - a) * b - torch.maximum(a, b)
    if op == "fc":
        return layer(x.reshape(1, -1))
    if op == "residual":
        y = x + layer(x)
        return torch.relu(y) if node["act"] == "relu" else y
    if op == "act":
        kind = node["kind"]
        if kind == "clamp":
            return torch.clamp(x, *node["range"])
        if kind == "relu6":  # as a clamp: upstream leaves a lone aten.hardtanh on the CPU
            return torch.clamp(x, 0, 6)
        return getattr(F, kind)(x) if kind in ("hardswish", "hardsigmoid", "silu", "gelu", "relu") \
            else getattr(torch, kind)(x)
    if op == "mean":
        return x.mean(dim=node["dims"], keepdim=True)
    if op == "elementwise":
        other = args[1] * node["scale_other"] if "scale_other" in node else args[1]
        return getattr(torch, {"add": "add", "sub": "sub", "mul": "mul"}.get(node["kind"], node["kind"]))(x, other)
    if op == "concat":
        return torch.cat(args, dim=1)
    if op == "reshape":
        return x.reshape(1, *node["shape"])
    if op in ("transpose", "permute"):
        return x.permute(*node["perm"])
    if op == "matmul":
        other = args[1]
        return torch.matmul(x, other.transpose(-1, -2) if node["form"] == "nt" else other)
    if op == "resize":
        options = {"align_corners": node["align_corners"]} if node["mode"] == "bilinear" else {}
        return F.interpolate(x, scale_factor=node["scale"], mode=node["mode"], **options)
    if op == "gather":
        return torch.index_select(x, node["dim"], torch.tensor(node["index"]))
    if op == "softmax":
        return torch.softmax(x, dim=node["dim"])
    if op == "layernorm":
        return layer(x)
    if op == "where":
        other = args[1] if node["against"] == "other" else torch.zeros_like(x)
        return torch.where(getattr(torch, node["kind"])(x, other), x, args[1])
    if op == "reduce":
        return getattr(torch, node["kind"])(x, dim=node["dim"], keepdim=True)
    raise ValueError(f"unknown op {op}")


def describe(spec: dict) -> str:
    parts = []
    for node in spec["nodes"]:
        name = node["op"] if node["op"] not in ("act", "elementwise", "pool") else node["kind"]
        if node["op"] == "gpool":
            name = f"gpool-{node['form']}"
        elif node["op"] in ("where", "reduce", "const"):
            name = f"{node['op']}-{node['kind']}"
        elif node["op"] == "tconv":
            name = f"tconv{node['kernel']}/s{node['stride']}"
        elif node["op"] == "resize":
            name = f"resize-{node['mode']}x{node['scale']}"
        elif node["op"] == "gather":
            name = f"gather{len(node['index'])}/d{node['dim']}"
        elif node["op"] == "pool":
            name = f"{node['kind']}{node['kernel']}/s{node['stride']}/p{node['padding']}" + \
                   ("/incl" if node.get("include_pad") else "")
        if node["op"] == "conv":
            name = f"conv{node['kernel'][0]}x{node['kernel'][1]}/s{node['stride']}" + \
                   (f"/g{node['groups']}" if node["groups"] > 1 else "") + (f"/d{node['dilation']}" if node["dilation"] > 1 else "")
        parts.append(name)
    c, h, w = spec["input"]
    return f"{spec['dtype']} {c}x{h}x{w}: " + " ".join(parts)

"""Upstream's BundledProgram (`.bpte`, written by executorch.devtools'
serialize_from_bundled_program_to_flatbuffer): the .pte and test cases for its
methods, each case's inputs and expected outputs. Read here straight from the
flatbuffer (the schema is bundled_program_schema.fbs in the executorch package,
file identifier "BP08"), without executorch or torch, every offset checked, so a
damaged file is one clear error. numpy is imported where a value is read: `ember
run` and `inspect` ask is_bundle of every program they are given."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ember.errors import UserError

if TYPE_CHECKING:
    import numpy as np

IDENTIFIER = b"BP08"

# executorch_flatbuffer.ScalarType (schema/scalar_type.fbs) -> numpy dtype name
DTYPES = {0: "uint8", 1: "int8", 2: "int16", 3: "int32", 4: "int64", 5: "float16", 6: "float32",
          7: "float64", 11: "bool", 27: "uint16", 28: "uint32", 29: "uint64"}
VALUE_KINDS = {1: "Tensor", 2: "Int", 3: "Bool", 4: "Double"}  # ValueUnion
# (rtol, atol) for checking a bundled expected output: those of upstream's Arm
# runner, which checks the bundles upstream's Ethos-U flow writes (`aot_arm_compiler
# --bundleio`: expected outputs from the PyTorch model, one int8 step away from the
# NPU's): executorch v1.4.1 (e4d02f41) examples/arm/executor_runner/CMakeLists.txt,
# ET_RTOL and ET_ATOL 0.01. (The pybindings' own defaults are 1e-5 and 1e-8.)
TOLERANCE = (0.01, 0.01)


@dataclass
class BundledCase:
    inputs: list[np.ndarray]
    expected_outputs: list[np.ndarray]  # empty: a case for profiling only


@dataclass
class Bundle:
    program: bytes
    test_cases: dict[str, list[BundledCase]] = field(default_factory=dict)  # method name -> its cases


class _Corrupt(Exception):
    pass


class _Table:
    """One flatbuffer table: its fields by index (the schema's order)."""

    def __init__(self, buf: bytes, pos: int):
        self.buf, self.pos = buf, pos
        vtable = pos - _read(buf, "<i", pos)
        vtable_bytes = _read(buf, "<H", vtable)
        self.offsets = [_read(buf, "<H", vtable + 4 + 2 * i) for i in range(max(0, vtable_bytes - 4) // 2)]

    def _field(self, index: int) -> int | None:
        offset = self.offsets[index] if index < len(self.offsets) else 0
        return self.pos + offset if offset else None

    def scalar(self, index: int, fmt: str, default=0):
        at = self._field(index)
        return default if at is None else _read(self.buf, fmt, at)

    def _target(self, index: int) -> int | None:
        at = self._field(index)
        return None if at is None else at + _read(self.buf, "<I", at)

    def table(self, index: int) -> "_Table | None":
        at = self._target(index)
        return None if at is None else _Table(self.buf, at)

    def vector(self, index: int, item_bytes: int) -> tuple[int, int]:
        """(start, count) of a vector field; (0, 0) when absent."""
        at = self._target(index)
        if at is None:
            return 0, 0
        count = _read(self.buf, "<I", at)
        if at + 4 + count * item_bytes > len(self.buf):
            raise _Corrupt(f"a vector of {count} items runs past the end of the file at byte {at}")
        return at + 4, count

    def bytes(self, index: int) -> bytes:
        start, count = self.vector(index, 1)
        return self.buf[start:start + count]

    def tables(self, index: int) -> list["_Table"]:
        start, count = self.vector(index, 4)
        return [_Table(self.buf, start + 4 * i + _read(self.buf, "<I", start + 4 * i)) for i in range(count)]

    def string(self, index: int) -> str:
        try:
            return self.bytes(index).decode()
        except UnicodeDecodeError as e:
            raise _Corrupt("a string that is not UTF-8") from e


def _read(buf: bytes, fmt: str, at: int):
    size = struct.calcsize(fmt)
    if at < 0 or at + size > len(buf):
        raise _Corrupt(f"an offset points outside the file (byte {at} of {len(buf)})")
    return struct.unpack_from(fmt, buf, at)[0]


def is_bundle(path: Path) -> bool:
    """A .bpte by name, or a file carrying the BundledProgram identifier."""
    path = Path(path)
    if path.suffix == ".bpte":
        return True
    try:
        with open(path, "rb") as f:
            return f.read(8)[4:8] == IDENTIFIER
    except OSError:
        return False


def _value(table: _Table, where: str) -> np.ndarray:
    import numpy as np

    kind = table.scalar(0, "<B")
    if kind != 1:
        raise UserError(f"{where} is {VALUE_KINDS.get(kind, f'value type {kind}')}, not a tensor",
                        "ember's firmware and verify take tensor inputs and outputs only")
    tensor = table.table(1)
    if tensor is None:
        raise _Corrupt(f"{where} has no tensor")
    scalar_type = tensor.scalar(0, "<b")
    if scalar_type not in DTYPES:
        raise UserError(f"{where} has scalar type {scalar_type}, which ember does not read",
                        f"bundle tensors of types {', '.join(DTYPES.values())}")
    start, rank = tensor.vector(1, 4)
    sizes = list(struct.unpack_from(f"<{rank}i", tensor.buf, start)) if rank else []
    data = tensor.bytes(2)
    dtype = np.dtype(DTYPES[scalar_type])
    if any(s < 0 for s in sizes) or int(np.prod(sizes)) * dtype.itemsize != len(data):
        raise _Corrupt(f"{where} has sizes {sizes} of {dtype.name} but {len(data)} bytes of data")
    dim_order_start, dim_order_count = tensor.vector(3, 1)
    dim_order = list(tensor.buf[dim_order_start:dim_order_start + dim_order_count])
    if dim_order and dim_order != sorted(dim_order):
        # Memory order other than contiguous: the bytes hold that order.
        permuted = [sizes[d] for d in dim_order]
        return np.frombuffer(data, dtype).reshape(permuted).transpose(np.argsort(dim_order))
    return np.frombuffer(data, dtype).reshape(sizes)


def read(path: Path) -> Bundle:
    """The bundle in `path`, or UserError naming what is wrong with it."""
    path = Path(path)
    try:
        buf = path.read_bytes()
    except OSError as e:
        raise UserError(f"cannot read {path} ({e.strerror})", "give the path of a .bpte") from e
    fix = "write it again with executorch.devtools.bundled_program's serialize_from_bundled_program_to_flatbuffer"
    if len(buf) < 8 or buf[4:8] != IDENTIFIER:
        raise UserError(f"{path} is not a BundledProgram (no '{IDENTIFIER.decode()}' identifier)", fix)
    try:
        root = _Table(buf, _read(buf, "<I", 0))
        bundle = Bundle(program=root.bytes(2))
        for suite in root.tables(1):
            method = suite.string(0)
            bundle.test_cases[method] = [
                BundledCase([_value(v, f"{path.name}: {method} case {c} input {i}") for i, v in enumerate(case.tables(0))],
                         [_value(v, f"{path.name}: {method} case {c} expected output {i}")
                          for i, v in enumerate(case.tables(1))])
                for c, case in enumerate(suite.tables(1))]
    except _Corrupt as e:
        raise UserError(f"{path} is a damaged BundledProgram: {e}", fix) from None
    if not bundle.program:
        raise UserError(f"{path} holds no program", fix)
    return bundle


def forward_cases(bundle: Bundle, path: Path) -> list[BundledCase]:
    """The test cases of the forward method, or UserError when there are none."""
    cases = bundle.test_cases.get("forward", [])
    if not cases:
        methods = ", ".join(bundle.test_cases) or "none"
        raise UserError(f"{path} has no test cases for forward (methods with cases: {methods})",
                        "bundle a MethodTestSuite for 'forward'")
    return cases


def host_output_as_expected(data: bytes, tensor: dict, expected: np.ndarray) -> np.ndarray:
    """A host output's bytes (tensor: its `ember inspect --json` entry) in the
    terms of a bundled expected output: the same array when the dtypes agree,
    dequantized with the program's own scale and zero point when a quantized
    output is compared with float expectations."""
    import numpy as np

    got = np.frombuffer(data, np.dtype(tensor["dtype"]))
    if got.size != expected.size:
        raise UserError(f"the program's output has {got.size} elements, the bundle expects {expected.size}",
                        "bundle the expected outputs of this program's method")
    got = got.reshape(expected.shape)
    if got.dtype == expected.dtype:
        return got
    if "scale" in tensor and np.issubdtype(expected.dtype, np.floating):
        return ((got.astype(np.float64) - tensor["zero_point"]) * tensor["scale"]).astype(expected.dtype)
    return got.astype(expected.dtype)


def within(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """Upstream's check of a bundled expected output (its runtime's
    verify_method_outputs: |got - expected| <= atol + rtol * |expected|, elementwise)."""
    import numpy as np

    return bool(np.allclose(got.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol))

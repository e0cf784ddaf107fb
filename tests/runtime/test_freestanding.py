"""The runtime, format and kernel libraries reference nothing from a hosted C or
C++ library beyond a few string/memory primitives, math functions and the
platform's log/check hooks: no heap, no exceptions, no RTTI, no stdio. That is
what lets the same code link into the Cortex-M55 firmware."""

import re
import subprocess

import pytest

from .conftest import REPO

BUILD = REPO / "build" / "host" / "src"
LIBRARIES = {
    "format": BUILD / "format" / "libember_format.a",
    "runtime": BUILD / "runtime" / "libember_runtime.a",
    "kernels_quantized": BUILD / "kernels" / "libember_kernels_quantized.a",
    "kernels_portable": BUILD / "kernels" / "libember_kernels_portable.a",
    "ethosu_payload": BUILD / "ethosu" / "libember_ethosu_payload.a",
}
ALLOWED = {"memcpy", "memset", "memmove", "memcmp", "strlen", "strcmp", "ember_log", "ember_check_failed",
           "nearbyintf", "nearbyint", "__stack_chk_fail",
           # libm, which the firmware links (newlib): the float kernels' exp, log, tanh, erf, ...
           "expf", "expm1f", "logf", "sqrtf", "sqrt", "tanhf", "erff", "powf", "fmodf", "floorf", "truncf"}
FORBIDDEN = re.compile(r"malloc|calloc|realloc|\bfree\b|operator new|operator delete|__cxa_|typeinfo|"
                       r"printf|fopen|fwrite|puts|std::__throw|_Unwind")


def undefined_symbols(library):
    out = subprocess.run(["nm", "-C", "--undefined-only", str(library)], capture_output=True, text=True,
                         check=True).stdout
    names = {line.split(None, 1)[1].strip() for line in out.splitlines() if line.strip().startswith("U ")}
    return {n for n in names if not n.startswith("ember::")}


@pytest.mark.parametrize("name", sorted(LIBRARIES))
def test_library_is_freestanding(name):
    library = LIBRARIES[name]
    assert library.exists(), f"{library} not built"
    symbols = undefined_symbols(library)
    forbidden = sorted(s for s in symbols if FORBIDDEN.search(s))
    assert not forbidden, f"{name} references {forbidden}"
    unexpected = sorted(symbols - ALLOWED)
    assert not unexpected, f"{name} references hosted-library symbols {unexpected}"

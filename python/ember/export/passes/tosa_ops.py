"""The TOSA backend operators ember's passes match and make (importing upstream's
dialect module registers them)."""

from executorch.exir.dialects._ops import ops as exir_ops

import executorch.backends.arm.tosa.dialect  # noqa: F401  (registers the tosa backend ops)

_TOSA = exir_ops.backend.tosa
ADD = _TOSA.ADD.default
CLAMP = _TOSA.CLAMP.default
CONST_SHAPE = _TOSA.CONST_SHAPE.default
CONV2D = _TOSA.CONV2D.default
DEPTHWISE_CONV2D = _TOSA.DEPTHWISE_CONV2D.default
MAXIMUM = _TOSA.MAXIMUM.default
MINIMUM = _TOSA.MINIMUM.default
MUL = _TOSA.MUL.default
RESCALE = _TOSA.RESCALE.default
RESHAPE = _TOSA.RESHAPE.default
SUB = _TOSA.SUB.default
TABLE = _TOSA.TABLE.default
TRANSPOSE = _TOSA.TRANSPOSE.default

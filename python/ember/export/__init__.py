"""ember export: PyTorch -> INT8 ExecuTorch .pte for the Alif E8's Ethos-U55."""

import logging
import warnings

# Upstream's import-time chatter (optional CUDA kernels missing, deprecations) is
# not for ember's users; real errors still surface as exceptions.
logging.getLogger("torchao").setLevel(logging.ERROR)
logging.getLogger("torch.utils._pytree").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", category=FutureWarning)

from .api import ExportResult, export_model
from .errors import ExportError

__all__ = ["ExportError", "ExportResult", "export_model"]

"""ember export: PyTorch -> INT8 ExecuTorch .pte for the Alif E8's Ethos-U55."""

from .api import ExportResult, export_model
from .errors import ExportError

__all__ = ["ExportError", "ExportResult", "export_model"]

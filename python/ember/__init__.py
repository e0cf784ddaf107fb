"""ember: PyTorch models to the Alif Ensemble E8 (Cortex-M55 + Ethos-U55)."""

__version__ = "0.1.0"

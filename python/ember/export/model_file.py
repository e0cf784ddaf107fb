"""Loading the user's MODEL.py.

Convention: MODEL.py defines two functions,
    model() -> torch.nn.Module
    example_inputs() -> tuple of torch.Tensor
and may define `load_weights(module, path)` if `--weights` needs more than
`module.load_state_dict(torch.load(path))`.
"""

import importlib.util
import sys
import traceback
from pathlib import Path

from .errors import ExportError


def load_model_file(path: str, weights: str | None = None):
    """Returns (module in eval mode, example inputs tuple)."""
    import torch

    file = Path(path)
    if not file.is_file():
        raise ExportError(f"model file not found: {path}", "give the path of a .py that defines model() and example_inputs()")
    spec = importlib.util.spec_from_file_location(f"ember_user_model_{file.stem}", file)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.parent))
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # the user's code: report where it failed
        raise ExportError(f"{path} failed to load: {type(e).__name__}: {e} ({_where(e, file)})", DEBUG_HINT) from e
    finally:
        sys.path.pop(0)

    for name in ("model", "example_inputs"):
        if not callable(getattr(module, name, None)):
            raise ExportError(f"{path} does not define `{name}()`",
                              "a model file defines model() -> torch.nn.Module and example_inputs() -> tuple of tensors")
    try:
        net = module.model()
    except Exception as e:
        raise ExportError(f"{path}: model() raised {type(e).__name__}: {e} ({_where(e, file)})", DEBUG_HINT) from e
    if not isinstance(net, torch.nn.Module):
        raise ExportError(f"{path}: model() returned {type(net).__name__}, not a torch.nn.Module",
                          "return the network (a torch.nn.Module) from model()")
    try:
        inputs = module.example_inputs()
    except Exception as e:
        raise ExportError(f"{path}: example_inputs() raised {type(e).__name__}: {e} ({_where(e, file)})",
                          DEBUG_HINT) from e
    if isinstance(inputs, torch.Tensor):
        inputs = (inputs,)
    if not isinstance(inputs, tuple) or not all(isinstance(t, torch.Tensor) for t in inputs):
        raise ExportError(f"{path}: example_inputs() returned {type(inputs).__name__}, not a tuple of tensors",
                          "return a tuple of tensors from example_inputs()")

    if weights:
        if not Path(weights).is_file():
            raise ExportError(f"weights file not found: {weights}", "give --weights the state_dict file's path")
        loader = getattr(module, "load_weights", None)
        try:
            if loader:
                loader(net, weights)
            else:
                net.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
        except Exception as e:
            raise ExportError(f"could not load weights {weights}: {e}",
                              "give the state_dict saved from this model (torch.save(net.state_dict(), path))") from e
    return net.eval(), inputs


DEBUG_HINT = "fix the model file (`ember --debug ...` shows the whole traceback)"


def _where(error: Exception, file: Path) -> str:
    """The deepest line of the user's file in the traceback: where to look."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == file]
    return f"{file.name} line {frames[-1].lineno}" if frames else f"raised outside {file.name}"

import pytest

from .models import SUITES
from .suite_export import export_for_npu


@pytest.fixture(scope="session")
def suite_export(tmp_path_factory):
    """(suite model name, target) -> Exported, once per session: the disassembly
    test and the TOSA reference test check the same programs."""
    cache = {}

    def get(name, target):
        if (name, target) not in cache:
            factory, shape, activations = SUITES[name]
            cache[name, target] = export_for_npu(tmp_path_factory.mktemp(f"{name}-{target}"), factory, shape, target,
                                                 activations)
        return cache[name, target]
    return get

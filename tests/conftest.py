import pytest


@pytest.fixture(scope="session")
def ember_tool():
    from ember.host_tool import tool_path
    return str(tool_path())

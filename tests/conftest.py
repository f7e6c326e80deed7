import os

import pytest

from tests.stack import Stack

STAFF_LOGIN = "direction.e2e"
STAFF_PASSWORD = "Direction-E2e-1"


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """Every service, the gateway and a mail sink as processes, once for the whole session; two
    reservations processes side by side, as on the opening day."""
    stack = Stack(tmp_path_factory.mktemp("stack"), name=os.environ.get("E2E_STACK_NAME", "e2e"),
                  replicas={"reservations": 2})
    if stack.database_prefix == os.environ.get("DATABASE_NAME_PREFIX"):
        raise pytest.UsageError("E2E_STACK_NAME must differ from the in-process tests' DATABASE_NAME_PREFIX: "
                                "they would drop each other's databases")
    stack.reset()
    stack.start()
    stack.run_tool("-m", "services.accounts.bootstrap", "--login", STAFF_LOGIN,
                   "--password", STAFF_PASSWORD, "--role", "admin")
    yield stack
    stack.stop()

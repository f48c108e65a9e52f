"""The in-memory login telemetry (one worker's view) passes the LoginTelemetry contract."""

from __future__ import annotations

import pytest
from tests.contracts.login_telemetry import LoginTelemetryContract

from adapters.memory.identity import InMemoryLoginTelemetry


class TestInMemoryLoginTelemetry(LoginTelemetryContract):
    @pytest.fixture
    def telemetry(self) -> InMemoryLoginTelemetry:
        return InMemoryLoginTelemetry()

    @pytest.fixture
    def unreachable_telemetry(self) -> InMemoryLoginTelemetry:
        pytest.skip("the store is this process's memory: it cannot be unreachable")

"""The in-process sweep leadership passes the contract (its rival is another thread of the same process)."""

from __future__ import annotations

import pytest

from adapters.memory.leadership import InMemorySweepLeadership
from tests.contracts.sweep_leadership import SweepLeadershipContract


class TestInMemorySweepLeadership(SweepLeadershipContract):
    @pytest.fixture
    def leadership(self) -> InMemorySweepLeadership:
        return InMemorySweepLeadership()

    @pytest.fixture
    def rival(self, leadership: InMemorySweepLeadership) -> InMemorySweepLeadership:
        return leadership

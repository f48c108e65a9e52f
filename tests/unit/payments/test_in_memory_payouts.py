"""The test-mode payout sender passes the ``Payouts`` contract."""

from __future__ import annotations

import pytest

from adapters.filesystem.payout_files import ManualPayouts
from adapters.memory.payouts import InMemoryPayouts
from tests.contracts.payouts import PayoutsContract


class TestInMemoryPayouts(PayoutsContract):
    @pytest.fixture
    def payouts(self) -> InMemoryPayouts:
        return InMemoryPayouts(ManualPayouts())

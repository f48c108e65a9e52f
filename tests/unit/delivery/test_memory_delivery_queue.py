"""The in-memory delivery queue passes the DeliveryQueue contract."""

from __future__ import annotations

import pytest

from adapters.memory.delivery import InMemoryDeliveryQueue
from tests.contracts.delivery_queue import T0, DeliveryQueueContract


class TestInMemoryDeliveryQueue(DeliveryQueueContract):
    @pytest.fixture
    def queue(self) -> InMemoryDeliveryQueue:
        return InMemoryDeliveryQueue(now=lambda: T0)

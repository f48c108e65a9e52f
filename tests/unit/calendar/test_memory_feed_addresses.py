"""The in-memory FeedAddressPolicy passes the contract the resolving adapter passes."""

from __future__ import annotations

import pytest
from tests.contracts.feed_address_policy import FeedAddressPolicyContract

from adapters.memory.feed_addresses import InMemoryFeedAddressPolicy

NAMES = {"localhost": ["127.0.0.1", "::1"], "cal.example": ["93.184.216.34", "2606:2800:220:1::1"]}


class TestInMemoryFeedAddressPolicy(FeedAddressPolicyContract):
    @pytest.fixture
    def policy(self) -> InMemoryFeedAddressPolicy:
        return InMemoryFeedAddressPolicy(NAMES)

    @pytest.fixture
    def allowing(self) -> InMemoryFeedAddressPolicy:
        return InMemoryFeedAddressPolicy(NAMES, allow_private=True)

    @pytest.fixture
    def public_name(self) -> str:
        return "cal.example"

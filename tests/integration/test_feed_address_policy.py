"""The resolving FeedAddressPolicy passes the contract with the system resolver (localhost from the hosts file;
the public-name case needs working DNS and is skipped without it)."""

from __future__ import annotations

import socket

import pytest

from adapters.ics.addresses import ResolvingFeedAddressPolicy
from tests.contracts.feed_address_policy import FeedAddressPolicyContract

pytestmark = pytest.mark.integration


class TestResolvingFeedAddressPolicy(FeedAddressPolicyContract):
    @pytest.fixture
    def policy(self) -> ResolvingFeedAddressPolicy:
        return ResolvingFeedAddressPolicy()

    @pytest.fixture
    def allowing(self) -> ResolvingFeedAddressPolicy:
        return ResolvingFeedAddressPolicy(allow_private=True)

    @pytest.fixture
    def public_name(self) -> str:
        try:
            socket.getaddrinfo("example.com", 443)
        except OSError:
            pytest.skip("no DNS on this machine")
        return "example.com"

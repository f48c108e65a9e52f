"""The FeedAddressPolicy contract: what a feed's host is or resolves to decides whether it may be stored."""

from __future__ import annotations

import pytest

from core.calendar.feed_urls import parse_feed_url
from core.calendar.ports import FeedAddressPolicy


class FeedAddressPolicyContract:
    """Subclass with ``policy`` (private addresses refused), ``allowing`` (allowed) and ``public_name`` (a name
    resolving to public addresses only; skip where none resolves). Both know ``localhost`` as loopback and
    resolve nothing under ``.invalid``."""

    @pytest.fixture
    def policy(self) -> FeedAddressPolicy:
        raise NotImplementedError

    @pytest.fixture
    def allowing(self) -> FeedAddressPolicy:
        raise NotImplementedError

    @pytest.fixture
    def public_name(self) -> str:
        raise NotImplementedError

    @pytest.mark.parametrize("url", ["https://8.8.8.8/cal.ics", "https://[2001:4860:4860::8888]/cal.ics"])
    def test_public_literals_are_accepted(self, policy: FeedAddressPolicy, url: str) -> None:
        assert policy.refusal(parse_feed_url(url)) is None

    @pytest.mark.parametrize(
        ("url", "kind"),
        [("http://127.0.0.1:8311/", "loopback"), ("http://169.254.169.254/latest/", "link-local"),
         ("http://[::1]:5432/", "loopback"), ("http://10.1.2.3/", "private"),
         ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://2130706433/", "loopback")],
    )  # fmt: skip
    def test_non_public_literals_are_refused_saying_what_they_are(
        self, policy: FeedAddressPolicy, url: str, kind: str
    ) -> None:
        reason = policy.refusal(parse_feed_url(url))
        assert reason is not None and reason.startswith(f"the host is a {kind} address")

    def test_a_name_resolving_to_loopback_is_refused_naming_it(self, policy: FeedAddressPolicy) -> None:
        reason = policy.refusal(parse_feed_url("http://localhost:8311/cal.ics"))
        assert reason is not None and reason.startswith("localhost resolves to a loopback address")

    def test_a_name_that_does_not_resolve_now_is_not_refused(self, policy: FeedAddressPolicy) -> None:
        assert policy.refusal(parse_feed_url("https://nothing.invalid/cal.ics")) is None

    def test_a_name_resolving_to_public_addresses_is_accepted(
        self, policy: FeedAddressPolicy, public_name: str
    ) -> None:
        assert policy.refusal(parse_feed_url(f"https://{public_name}/cal.ics")) is None

    @pytest.mark.parametrize("url", ["http://127.0.0.1:8311/", "http://localhost/", "http://[::1]/"])
    def test_allowing_private_addresses_accepts_them(self, allowing: FeedAddressPolicy, url: str) -> None:
        assert allowing.refusal(parse_feed_url(url)) is None

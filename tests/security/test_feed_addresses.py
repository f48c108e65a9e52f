"""Issue 19, item 2: feed URLs that would never be fetched are refused at creation (422 naming ``url``, nothing
stored, no credential echoed); older rows holding credentials are never shown with them; a feed that later
resolves inside fails with a clear reason and backs off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.ics.fetch import HttpFeedFetcher
from config.container import Container
from core.calendar.feed_handlers import sync_due_feeds
from core.calendar.feeds import CalendarFeed
from tests.security.conftest import STRANGER
from tests.unit.http.signed_in import refused_as

SECRET = "hunter2"
REFUSED = [
    "http://127.0.0.%31:8311/",  # the case: decoded, it is loopback
    "http://127.0.0.%2531:8311/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://[::1]:5432/",
    "http://[::ffff:127.0.0.1]:8311/",
    "http://[fe80::1%25eth0]/cal.ics",
    "http://2130706433:8311/",
    "http://0177.0.0.1:8311/",
    "http://0x7f.1:8311/",
    "http://127.1:8311/",
    "http://127.0.0.1.:8311/",
    "http://0:8311/",
    "http://10.0.0.7/cal.ics",
    "http://100.64.0.1/cal.ics",
    "http://localhost:8311/cal.ics",  # a name resolving to loopback only
    "webcal://LOCALHOST./cal.ics",
    f"https://me:{SECRET}@calendar.example/private.ics",  # credentials
    f"https://{SECRET}@calendar.example/private.ics",
    f"https://me:{SECRET}@127.0.0.1/private.ics",
    "ftp://calendar.example/cal.ics",
    "file:///etc/passwd",
    "gopher://calendar.example/",
    "https://calendar.example:0/cal.ics",
    "https://calendar.example:70000/cal.ics",
    "https://calendar.example\\@127.0.0.1/cal.ics",
]


@pytest.fixture
def feeds(client: TestClient[Any]) -> str:
    created = client.post("/api/profiles", json={"display_name": "Feed Owner", "roles": ["photographer"]})
    assert created.status_code == 201
    return f"/api/profiles/{created.json()['id']}/calendar/feeds"


@pytest.mark.parametrize("url", REFUSED)
def test_a_feed_url_that_would_never_be_fetched_is_422_naming_url_and_nothing_is_stored(
    client: TestClient[Any], feeds: str, url: str
) -> None:
    answer = client.post(feeds, json={"url": url})
    assert refused_as(answer, 422, "invalid-input"), answer.text
    assert [error["field"] for error in answer.json()["errors"]] == ["url"]
    assert SECRET not in answer.text
    assert client.get(feeds).json() == []


def test_a_stranger_still_gets_404_before_the_address_is_looked_at(client: TestClient[Any], feeds: str) -> None:
    assert refused_as(client.post(feeds, json={"url": "http://127.0.0.%31:8311/"}, headers=STRANGER), 404, "not-found")


def _stored(container: Container, feed_id: str, owner_id: str, url: str) -> None:
    with container.calendar_uow() as uow:
        uow.feeds.add(CalendarFeed.subscribe(feed_id, owner_id, url, container.clock().now()))
        uow.commit()


def test_an_older_row_with_credentials_is_never_shown_with_them_and_fails_to_sync_saying_why(
    client: TestClient[Any], container: Container, feeds: str
) -> None:
    owner_id = feeds.split("/")[3]
    _stored(container, "calfeed_old", owner_id, f"https://me:{SECRET}@calendar.example/private.ics?k=1")
    (listed,) = client.get(feeds).json()
    assert listed["url"] == "https://calendar.example/private.ics?k=1" and SECRET not in str(listed)
    (result,) = sync_due_feeds(container.calendar_uow(), container.clock(), container.feed_fetcher(),
                               container.busy_parser_for())  # fmt: skip
    assert result.url == "https://calendar.example/private.ics?k=1"
    assert result.failure is not None and result.failure.detail == (
        "refused: the URL must not hold a user name or password"
    )
    (listed,) = client.get(feeds).json()
    assert listed["status"] == "failing" and listed["last_error"]["kind"] == "unreachable"
    assert SECRET not in str(listed)


def test_a_feed_that_later_resolves_inside_fails_with_a_clear_reason_and_backs_off(
    client: TestClient[Any], container: Container, feeds: str
) -> None:
    def dns_now(host: str, port: int) -> list[str]:
        return {"moved.example": ["8.8.8.8", "10.0.0.7"]}[host]  # it gained an inside address since it was added

    owner_id = feeds.split("/")[3]
    _stored(container, "calfeed_moved", owner_id, "https://moved.example/cal.ics")
    container.feed_fetcher.override(providers.Object(HttpFeedFetcher(timeout=2, resolve=dns_now)))
    now = container.clock().now()
    (result,) = sync_due_feeds(container.calendar_uow(), container.clock(), container.feed_fetcher(),
                               container.busy_parser_for())  # fmt: skip
    assert result.failure is not None and result.failure.detail == (
        "refused: moved.example resolves to a private address (10.0.0.7); feeds are fetched from public addresses only"
    )
    (listed,) = client.get(feeds).json()
    assert listed["status"] == "failing" and listed["last_error"]["kind"] == "unreachable"
    with container.calendar_uow() as uow:
        stored = uow.feeds.get("calfeed_moved")
    assert stored.consecutive_failures == 1 and stored.next_attempt_at is not None
    assert timedelta(minutes=5) <= stored.next_attempt_at - now <= timedelta(minutes=6)  # the usual backoff

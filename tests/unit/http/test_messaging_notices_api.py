"""Unread-message email preferences over HTTP: the defaults, a change, bad input as a 4xx problem with nothing
stored, and no preferences for an anonymous caller."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app, unread_noticed
from tests.unit.http.signed_in import bearer, sign_in

ANA, BO = bearer("tok-ana"), bearer("tok-bo")
PATH = "/api/messages/notice-preferences"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url))
    sign_in(container, "ana@example.com", "tok-ana")
    with TestClient(create_app(container)) as test_client:
        yield test_client


def test_preferences_default_to_on_and_change_for_the_caller_only(client: TestClient[Any]) -> None:
    defaults = client.get(PATH, headers=ANA)
    assert defaults.status_code == 200
    assert defaults.json() == {"emailConsent": True, "timeZone": "UTC", "quietStartMinute": 1320,
                               "quietEndMinute": 480}  # fmt: skip
    wanted = {"emailConsent": False, "timeZone": "Europe/Berlin", "quietStartMinute": 1380, "quietEndMinute": 420}
    changed = client.put(PATH, headers=ANA, json=wanted)
    assert changed.status_code == 200 and changed.json() == wanted
    assert client.get(PATH, headers=ANA).json() == wanted


@pytest.mark.parametrize(
    "body", [{"emailConsent": True, "timeZone": "Mars/Base"}, {"emailConsent": True, "quietEndMinute": 1440}, {}]
)
def test_bad_preferences_are_a_problem_and_store_nothing(client: TestClient[Any], body: dict[str, Any]) -> None:
    refused = client.put(PATH, headers=ANA, json=body)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    assert client.get(PATH, headers=ANA).json()["emailConsent"] is True


def test_an_anonymous_caller_has_no_preferences(client: TestClient[Any]) -> None:
    assert client.get(PATH).status_code == 401
    assert client.put(PATH, json={"emailConsent": False}).status_code == 401


def test_the_unread_email_carries_a_one_click_unsubscribe_that_needs_no_sign_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'unsubscribe.db'}"
    upgrade(url)
    clock = FixedClock(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    container = build_container(Settings(database_url=url, outbox_dir=str(tmp_path / "outbox"),
                                         identity_key_dir=str(tmp_path / "keys")))  # fmt: skip
    container.clock.override(providers.Object(clock))
    sign_in(container, "ana@example.com", "tok-ana")
    bo = sign_in(container, "bo@example.com", "tok-bo")
    with TestClient(create_app(container)) as client:
        first = {"recipientUserId": bo, "body": "Free on Saturday?", "clientMessageId": "c1"}
        started = client.post("/api/messages/threads", headers=ANA, json=first)
        assert started.status_code == 201
        clock.advance(timedelta(minutes=20))
        assert unread_noticed(container) == ["1 emails", "1 threads"]
        (mail,) = [BytesParser(policy=default).parse(p.open("rb")) for p in (tmp_path / "outbox").rglob("*.eml")
                   if "bo@" in p.name]  # fmt: skip
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = str(mail["List-Unsubscribe"]).strip("<>")
        assert link in mail.get_body(("plain",)).get_content()
        path = link.removeprefix(container.settings().public_base_url)
        token = parse_qs(urlsplit(link).query)["token"][0]

        page = client.get(path)  # a browser (or a link scanner) opening it changes nothing
        assert page.status_code == 200 and "Turn them off" in page.text
        assert client.get(PATH, headers=BO).json()["emailConsent"] is True
        tampered = client.post(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
        assert tampered.status_code == 400 and tampered.headers["content-type"] == "application/problem+json"
        assert tampered.json()["type"] == "/problems/unsubscribe-link-invalid"
        assert client.post(f"/api/messages/unsubscribe?token={token[1:]}").status_code == 400
        assert client.get(PATH, headers=BO).json()["emailConsent"] is True  # nothing changed

        one_click = client.post(path, content=b"List-Unsubscribe=One-Click",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        assert one_click.status_code == 200 and one_click.json() == {"emailConsent": False}
        assert client.get(PATH, headers=BO).json()["emailConsent"] is False
        assert client.post(path).status_code == 200  # again: idempotent

        clock.advance(timedelta(days=91))
        expired = client.post(path)
        assert expired.status_code == 400 and expired.json()["reason"] == "expired"

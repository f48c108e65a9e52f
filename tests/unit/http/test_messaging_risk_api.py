"""Repeated reports raise the sender's risk, over HTTP on the real app and SQLite: once enough distinct users
reported a sender lately, their flagged messages are answered one step more strictly (a first contact detail
masked, the next held and the sender cooled down); innocent text still goes out as written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, refused_as, sign_in

ANA, BO, EVE = bearer("tok-ana"), bearer("tok-bo"), bearer("tok-eve")
USERS: dict[str, str] = {}  # name -> user id, set by the fixture


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'risk.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, messaging_risk_reporters=2, messaging_risk_window_days=7))
    for name in ("ana", "bo", "eve"):
        USERS[name] = sign_in(container, f"{name}@example.com", f"tok-{name}")
    with TestClient(create_app(container)) as client:
        yield client


def _start(client: TestClient[Any], to: str, cid: str) -> str:
    body = {"recipientUserId": USERS[to], "body": f"Hi {to}, free Saturday?", "clientMessageId": cid}
    answer = client.post("/api/messages/threads", headers=ANA, json=body)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["thread"]["id"])


def _post(client: TestClient[Any], thread: str, body: str, cid: str) -> Any:
    return client.post(f"/api/messages/thread/{thread}", headers=ANA, json={"body": body, "clientMessageId": cid})


def _report(client: TestClient[Any], thread: str, by: dict[str, str]) -> None:
    answer = client.post(f"/api/messages/thread/{thread}/report", json={"reason": "off the app"}, headers=by)
    assert answer.status_code == 202, answer.text


def test_reports_from_enough_distinct_users_make_the_senders_flagged_messages_stricter(
    client: TestClient[Any],
) -> None:
    with_bo, with_eve = _start(client, "bo", "s1"), _start(client, "eve", "s2")
    _report(client, with_bo, BO)
    _report(client, with_bo, BO)  # one reporter twice is still one
    assert _post(client, with_eve, "text me 555 123 4567", "e1").json()["message"]["screening"] == "nudge"

    _report(client, with_eve, EVE)  # a second distinct reporter: the risk is raised
    innocent = _post(client, with_bo, "See you Saturday at 10:30, $250 as quoted", "b1").json()
    assert innocent["message"]["screening"] == "deliver" and innocent["reminder"] is None
    first = _post(client, with_bo, "text me 555 123 4567", "b2").json()
    assert first["message"]["screening"] == "mask" and first["reminder"]  # a first offence, one step up from nudge
    second = _post(client, with_bo, "or ana at gmail dot com", "b3").json()
    assert second["message"]["screening"] == "hold"  # the second is held, not masked
    seen = [m["body"] for m in client.get(f"/api/messages/thread/{with_bo}", headers=BO).json()["messages"]]
    assert "text me [contact hidden]" in seen and not any("gmail" in body for body in seen)
    paused = _post(client, with_bo, "hello?", "b4")
    assert refused_as(paused, 429, "cooled-down") and int(paused.headers["Retry-After"]) > 0

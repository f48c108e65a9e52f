"""Messaging over HTTP on the real app and SQLite: two people message, a stranger gets 404, staff read with an
audit entry, requests, block and report work, bad input is a 4xx problem with nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from core.flags.model import Flag, FlagState
from core.identity.staff import StaffRole
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, refused_as, sign_in

ANA, BO, EVE, KIM = bearer("tok-ana"), bearer("tok-bo"), bearer("tok-eve"), bearer("tok-kim")


@attrs.frozen
class App:
    client: TestClient[Any]
    container: Container
    users: dict[str, str]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    url = f"sqlite:///{tmp_path / 'messages.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, messaging_pair_limit=6))
    users = {name: sign_in(container, f"{name}@example.com", f"tok-{name}") for name in ("ana", "bo", "eve")}
    users["kim"] = sign_in(container, "kim@example.com", "tok-kim", StaffRole.SUPPORT)
    with TestClient(create_app(container)) as client:
        yield App(client, container, users)


def start(app: App, body: str = "Hi Bo, are you free Saturday?", cid: str = "c1") -> dict[str, Any]:
    body_json = {"recipientUserId": app.users["bo"], "body": body, "clientMessageId": cid}
    answer = app.client.post("/api/messages/threads", headers=ANA, json=body_json)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_two_people_message_and_the_inbox_shows_unread_counts_and_previews(app: App) -> None:
    thread = start(app)["thread"]
    assert thread["isRequest"] is False and thread["status"] == "request"
    requests = app.client.get("/api/messages/inbox", params={"folder": "requests"}, headers=BO).json()
    assert [t["id"] for t in requests["threads"]] == [thread["id"]] and requests["threads"][0]["isRequest"]
    assert requests["threads"][0]["unread"] == 1 and requests["threads"][0]["preview"].startswith("Hi Bo")
    reply = app.client.post(f"/api/messages/thread/{thread['id']}", headers=BO,
                            json={"body": "Yes! 10:30 works, $250 as quoted", "clientMessageId": "b1"})  # fmt: skip
    assert reply.status_code == 201 and reply.json()["reminder"] is None
    inbox = app.client.get("/api/messages/inbox", headers=ANA).json()
    assert inbox["next_cursor"] is None and inbox["threads"][0]["unread"] == 1
    assert inbox["threads"][0]["status"] == "open"  # replying accepted the request
    page = app.client.get(f"/api/messages/thread/{thread['id']}", headers=ANA).json()
    assert [m["body"] for m in page["messages"]] == [
        "Yes! 10:30 works, $250 as quoted",
        "Hi Bo, are you free Saturday?",
    ]
    read = app.client.post(f"/api/messages/thread/{thread['id']}/read", headers=ANA)
    assert read.status_code == 200 and read.json()["unread"] == 0
    found = app.client.get("/api/messages/inbox", params={"q": "saturday"}, headers=BO).json()
    assert [t["id"] for t in found["threads"]] == [thread["id"]]
    assert app.client.get("/api/messages/inbox", params={"q": "saturday"}, headers=EVE).json()["threads"] == []


def test_a_retried_post_is_answered_with_the_first_message(app: App) -> None:
    thread = start(app)["thread"]["id"]
    again = start(app)
    assert again["replayed"] and again["thread"]["id"] == thread
    assert len(app.client.get(f"/api/messages/thread/{thread}", headers=BO).json()["messages"]) == 1


def test_a_stranger_gets_404_and_staff_read_with_an_audit_entry(app: App) -> None:
    thread = start(app)["thread"]["id"]
    for call in (
        lambda h: app.client.get(f"/api/messages/thread/{thread}", headers=h),
        lambda h: app.client.post(
            f"/api/messages/thread/{thread}", json={"body": "hi", "clientMessageId": "e"}, headers=h
        ),
        lambda h: app.client.post(f"/api/messages/thread/{thread}/archive", headers=h),
    ):
        assert refused_as(call(EVE), 404, "not-found")
    staff = app.client.get(f"/api/messages/thread/{thread}", headers=KIM)
    assert staff.status_code == 200 and staff.json()["thread"]["parties"] == [app.users["ana"], app.users["bo"]]
    with app.container.messaging_uow().reading() as uow:
        assert [e.staff_user_id for e in uow.staff_desk.audit_trail(thread)] == [app.users["kim"]]
    assert refused_as(app.client.get("/api/messages/inbox", headers={"Authorization": ""}), 401, "session-invalid")


def test_contact_details_nudge_then_mask_for_the_recipient(app: App) -> None:
    thread = start(app)["thread"]["id"]
    first = app.client.post(f"/api/messages/thread/{thread}", headers=ANA,
                            json={"body": "text me 555 123 4567", "clientMessageId": "a2"}).json()  # fmt: skip
    second = app.client.post(f"/api/messages/thread/{thread}", headers=ANA,
                             json={"body": "or ana at gmail dot com", "clientMessageId": "a3"}).json()  # fmt: skip
    assert first["message"]["screening"] == "nudge" and first["reminder"]
    assert second["message"]["screening"] == "mask" and second["message"]["body"] == "or ana at gmail dot com"
    seen = app.client.get(f"/api/messages/thread/{thread}", headers=BO).json()["messages"]
    assert seen[0]["body"] == "or [contact hidden]" and seen[1]["body"] == "text me 555 123 4567"


def test_block_report_archive_and_requests_over_http(app: App) -> None:
    thread = start(app)["thread"]["id"]
    assert refused_as(app.client.post(f"/api/messages/thread/{thread}/accept", headers=ANA), 409, "not-a-request")
    assert app.client.post(f"/api/messages/thread/{thread}/archive", headers=BO).json()["archived"] is True
    archived = app.client.get("/api/messages/inbox", params={"folder": "archived"}, headers=BO).json()["threads"]
    assert [t["id"] for t in archived] == [thread]
    reported = app.client.post(f"/api/messages/thread/{thread}/report", json={"reason": "spam"}, headers=BO)
    assert reported.status_code == 202 and reported.json()["reportId"].startswith("rpt")
    assert app.client.post(f"/api/messages/thread/{thread}/block", headers=BO).json()["blockedByMe"] is True
    refused = app.client.post(f"/api/messages/thread/{thread}", json={"body": "hello?", "clientMessageId": "a9"},
                              headers=ANA)  # fmt: skip
    assert refused_as(refused, 403, "conversation-refused")
    blocked = app.client.get("/api/messages/inbox", params={"folder": "blocked"}, headers=BO).json()["threads"]
    assert [t["id"] for t in blocked] == [thread]


def test_bad_input_is_a_problem_and_stores_nothing(app: App) -> None:
    recipient = app.users["bo"]
    bodies = [
        {"recipientUserId": recipient, "body": "", "clientMessageId": "x"},
        {"recipientUserId": recipient, "body": "x" * 5001, "clientMessageId": "x"},
        {"body": "hello", "clientMessageId": "x"},
        {"recipientUserId": recipient, "body": "hi", "clientMessageId": "x", "extra": 1},
    ]
    for body in bodies:
        answer = app.client.post("/api/messages/threads", json=body, headers=ANA)
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("application/problem+json")
    unknown = app.client.post("/api/messages/thread/thr_none", json={"body": "hi", "clientMessageId": "y"}, headers=ANA)
    assert refused_as(unknown, 404, "not-found")
    assert refused_as(
        app.client.get("/api/messages/inbox", params={"folder": "spam-ish"}, headers=ANA), 422, "invalid-input"
    )
    assert app.client.get("/api/messages/inbox", headers=ANA).json()["threads"] == []


def test_a_pair_over_its_limit_gets_429_with_retry_after(app: App) -> None:
    thread = start(app)["thread"]["id"]
    answers = [app.client.post(f"/api/messages/thread/{thread}", json={"body": f"m{n}", "clientMessageId": f"m{n}"},
                               headers=ANA) for n in range(6)]  # fmt: skip
    assert [a.status_code for a in answers] == [201] * 5 + [429]
    assert refused_as(answers[-1], 429, "too-many-messages") and int(answers[-1].headers["Retry-After"]) >= 1


def test_the_kill_switch_refuses_sending_but_threads_stay_readable(app: App) -> None:
    thread = start(app)["thread"]["id"]
    now = app.container.clock().now()
    app.container.flags().save(FlagState(Flag.MESSAGING, False, "abuse wave", "operator", now))
    refused = app.client.post(f"/api/messages/thread/{thread}", json={"body": "hi", "clientMessageId": "k"}, headers=BO)
    assert refused_as(refused, 503, "switched-off")
    assert app.client.get(f"/api/messages/thread/{thread}", headers=BO).status_code == 200


def test_strikes_from_staff_decisions_restrict_the_senders_messaging(app: App) -> None:
    thread = start(app)
    thread_id = thread["thread"]["id"]
    app.client.post(f"/api/messages/thread/{thread_id}", headers=BO, json={"body": "Sure", "clientMessageId": "b1"})
    second = app.client.post(f"/api/messages/thread/{thread_id}", headers=ANA,
                             json={"body": "You will regret it", "clientMessageId": "a1"})  # fmt: skip
    messages = [thread["message"]["id"], second.json()["message"]["id"]]
    for target in (*messages, messages[0]):  # two messages warned: two strikes (a third report of one adds none)
        report = {"targetKind": "message", "targetId": target, "reason": "harassment", "text": "rude"}
        filed = app.client.post("/api/reports", headers=BO, json=report)
        assert filed.status_code == 201, filed.text
        decided = app.client.post(f"/api/staff/reports/{filed.json()['id']}/decide", headers=KIM,
                                  json={"action": "warn", "reason": "insulting"})  # fmt: skip
        assert decided.status_code == 200, decided.text
    refused = app.client.post(f"/api/messages/thread/{thread_id}", headers=ANA,
                              json={"body": "hello?", "clientMessageId": "a2"})  # fmt: skip
    assert refused_as(refused, 403, "messaging-restricted")
    answer = app.client.post(f"/api/messages/thread/{thread_id}", headers=BO,
                             json={"body": "Bo may still write", "clientMessageId": "b2"})  # fmt: skip
    assert answer.status_code == 201
    page = app.client.get(f"/api/messages/thread/{thread_id}", headers=ANA).json()
    assert "hello?" not in [m["body"] for m in page["messages"]]
    with app.container.moderation_uow() as uow:
        assert len(uow.strikes.of_user(app.users["ana"])) == 2

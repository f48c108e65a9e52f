"""Issue 14's "Done means", end to end over a real loopback server on the seeded marketplace: two people message
before and after a booking, a browserless SSE client sees a message (with its image) live, a third person cannot
read the threads nor their images, block and report work, and bad input (empty, over 5,000 characters, an unknown
thread, an attachment of the wrong type) is a 4xx problem+json with nothing stored."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from adapters.memory.moderation import ScriptedModerator
from config.container import Container
from core.media.model import Classification
from entrypoints.http.app import create_app
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, slot
from tests.unit.http.test_messaging_stream import message_events
from tests.unit.media import images

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[httpx.Client, Container, Path]]:
    media = tmp_path / "media"
    container, _clock = seeded_container(tmp_path, media_root=str(media))
    container.moderator.override(ScriptedModerator(Classification.SAFE))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(container), port=port, log_level="warning", lifespan="on"))
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) as client:
            yield client, container, media
    finally:
        server.should_exit = True
        runner.join(timeout=10)


def problem(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == f"/problems/{code}"


def say(client: httpx.Client, who: dict[str, str], thread: str, body: str, cid: str, *ids: str) -> httpx.Response:
    json = {"body": body, "clientMessageId": cid, "attachmentIds": list(ids)}
    return client.post(f"/api/messages/thread/{thread}", headers=who, json=json)


def files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file() and not p.name.startswith(".")) if media.exists() else []


def test_done_means_over_http(served: tuple[httpx.Client, Container, Path]) -> None:
    client, container, media = served
    # before a booking: an inquiry to a profile lands as a request; the provider replies
    first = {"recipientProfileId": "prf_load_001", "body": "Free next week?", "clientMessageId": "q1"}
    inquiry = client.post("/api/messages/threads", headers=ALICE, json=first)
    assert inquiry.status_code == 201 and inquiry.json()["thread"]["status"] == "request"
    thread = inquiry.json()["thread"]["id"]
    reply = client.post(f"/api/messages/thread/{thread}", headers=PROVIDER,
                        json={"body": "Yes, Tuesday works", "clientMessageId": "p1"})  # fmt: skip
    assert reply.status_code == 201 and reply.json()["thread"]["status"] == "open"

    # live: the provider's browserless SSE client sees Alice's message with an image within a second
    image = client.post("/api/messages/attachments", content=images.jpeg(1600, 1200, gps=True),
                        headers={**ALICE, "Content-Type": "image/jpeg"}).json()  # fmt: skip
    assert image["status"] == "approved"
    with client.stream("GET", "/api/messages/stream", headers=PROVIDER) as live:
        assert live.status_code == 200

        def post_live() -> None:
            say(client, ALICE, thread, "Moodboard attached", "a2", image["id"])

        threading.Timer(0.3, post_live).start()
        opened = time.monotonic()
        [event] = message_events(live, 1)
        assert event["data"]["body"] == "Moodboard attached" and time.monotonic() - opened < 1.5
    page = client.get(f"/api/messages/thread/{thread}", headers=PROVIDER).json()
    [shown] = page["messages"][0]["attachments"]
    card = next(v["url"] for v in shown["variants"] if v["name"] == "card")
    seen = client.get(card, headers=PROVIDER)
    assert seen.status_code == 200 and images.exif_of(seen.content) == {}

    # after a booking: its own thread, where a phone number for the day is fine once confirmed
    started = client.post("/api/checkout/start", json={**slot(24), "extras": []}, headers=ALICE).json()
    client.post("/api/checkout/confirm", json={"txnId": started["txnId"], "method": "pm_card_visa"}, headers=ALICE)
    [booked] = client.get("/api/messages/inbox", params={"folder": "bookings"}, headers=ALICE).json()["threads"]
    day_of = client.post(f"/api/messages/thread/{booked['id']}", headers=PROVIDER,
                         json={"body": "Day-of contact: 555 123 4567", "clientMessageId": "p2"})  # fmt: skip
    assert day_of.status_code == 201 and day_of.json()["message"]["screening"] == "deliver"

    # a third person reads nothing: not the threads, not the image
    for other in (thread, booked["id"]):
        problem(client.get(f"/api/messages/thread/{other}", headers=BOB), 404, "not-found")
    problem(client.get(card, headers=BOB), 404, "not-found")

    # bad input: a 4xx problem+json and nothing stored
    stored_files = files(media)
    before = len(client.get(f"/api/messages/thread/{thread}", headers=ALICE).json()["messages"])
    problem(say(client, ALICE, thread, "   ", "x1"), 422, "invalid-input")
    problem(say(client, ALICE, thread, "x" * 5001, "x2"), 422, "invalid-input")
    problem(say(client, ALICE, "thr_unknown", "hi", "x3"), 404, "not-found")
    problem(client.post("/api/messages/attachments", content=b"a,b\n", headers={**ALICE, "Content-Type": "text/csv"}),
            415, "media-unsupported-type")  # fmt: skip
    problem(client.post("/api/messages/attachments", content=PDF, headers={**ALICE, "Content-Type": "image/jpeg"}),
            415, "media-unsupported-type")  # fmt: skip
    assert len(client.get(f"/api/messages/thread/{thread}", headers=ALICE).json()["messages"]) == before
    assert files(media) == stored_files

    # report and block: the report is queued with Alice's messages; once blocked, Alice can write no more
    reported = client.post(f"/api/messages/thread/{thread}/report", headers=PROVIDER, json={"reason": "pushy"})
    assert reported.status_code == 202
    with container.messaging_uow() as uow:
        [queued] = uow.staff_desk.reports(10)
        assert queued.reason == "pushy" and len(queued.message_ids) == 2
    assert client.post(f"/api/messages/thread/{thread}/block", headers=PROVIDER).json()["blockedByMe"] is True
    problem(say(client, ALICE, thread, "hello?", "a9"), 403, "conversation-refused")
    blocked = client.get("/api/messages/inbox", params={"folder": "blocked"}, headers=PROVIDER).json()["threads"]
    assert [t["id"] for t in blocked] == [thread]

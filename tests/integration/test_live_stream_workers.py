"""The live stream across workers: `rastup serve` on PostgreSQL with two workers, several SSE clients spread over
both, a message posted through HTTP reaching every stream of its recipient within a second whichever worker holds
it, and a client reconnecting with Last-Event-ID getting what it missed."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from config.container import build_container
from config.settings import Settings
from tests.harness import postgres_peer
from tests.harness.policy import PeerUnavailable, report_unavailable
from tests.integration.served import served
from tests.unit.http.signed_in import bearer, sign_in

pytestmark = pytest.mark.integration
ANA, BO = bearer("tok-live-ana"), bearer("tok-live-bo")
MAX_STREAMS = 24  # opened one by one until both workers hold some (the kernel may give one worker many in a row)


@pytest.fixture
def service() -> Iterator[tuple[str, str, dict[str, str]]]:
    """A fresh database served by two workers (no stream yet, so neither listens), and two signed-in users."""
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_peer.scratch_database())
        except PeerUnavailable as error:
            report_unavailable(error)  # a failure under CI=true, as for every peer; a skip elsewhere
        base = stack.enter_context(served({"DATABASE_URL": url}, "--workers", "2"))
        container = build_container(Settings(database_url=url))
        users = {name: sign_in(container, f"live-{name}@example.com", f"tok-live-{name}") for name in ("ana", "bo")}
        container.shutdown_resources()
        yield base, url, users


class Stream(threading.Thread):
    """One SSE client: opens the stream, then records each message event with when it arrived."""

    def __init__(self, base: str, headers: dict[str, str], wanted: int) -> None:
        super().__init__(daemon=True)
        self.base, self.headers, self.wanted = base, headers, wanted
        self.opened = threading.Event()
        self.events: list[tuple[float, dict[str, Any]]] = []

    def run(self) -> None:
        timeout = httpx.Timeout(10, read=8)
        with httpx.stream("GET", f"{self.base}/api/messages/stream", headers=self.headers, timeout=timeout) as answer:
            current: dict[str, Any] = {}
            for line in answer.iter_lines():
                if line == ": open":
                    self.opened.set()
                elif line.startswith("id:"):
                    current["id"] = line[3:].strip()
                elif line.startswith("data:"):
                    current["data"] = json.loads(line[5:].strip())
                elif not line and "data" in current:
                    self.events.append((time.monotonic(), current))
                    current = {}
                    if len(self.events) == self.wanted:
                        return


def listeners(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rastup-live-feed'"
            return int(connection.execute(text(query + " AND datname = current_database()")).scalar_one())
    finally:
        engine.dispose()


def on_both_workers(url: str, new_stream: Callable[[], Stream], at_least: int) -> list[Stream]:
    """At least ``at_least`` open streams, and more until both workers hold one: a worker's listener starts with
    its first stream, so both workers of a fresh service listen once each holds a stream."""
    streams: list[Stream] = []
    while len(streams) < MAX_STREAMS and (len(streams) < at_least or listeners(url) < 2):
        stream = new_stream()
        stream.start()
        assert stream.opened.wait(10)
        streams.append(stream)
    assert listeners(url) == 2
    return streams


def post(base: str, path: str, body: dict[str, str]) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=10) as client:  # a new connection: either worker may take it
        answer = client.post(path, json=body, headers=ANA)
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())


def test_a_post_reaches_every_stream_of_its_recipient_on_either_worker(
    service: tuple[str, str, dict[str, str]],
) -> None:
    base, url, users = service
    thread = post(
        base, "/api/messages/threads", {"recipientUserId": users["bo"], "body": "Hi", "clientMessageId": "a0"}
    )
    thread_id = thread["thread"]["id"]
    streams = on_both_workers(url, lambda: Stream(base, BO, 3), at_least=6)
    posted_at = []
    for n in range(3):
        posted_at.append(time.monotonic())
        post(base, f"/api/messages/thread/{thread_id}", {"body": f"live {n}", "clientMessageId": f"a{n + 1}"})
        time.sleep(0.2)
    for stream in streams:
        stream.join(10)
        assert [event["data"]["body"] for _, event in stream.events] == ["live 0", "live 1", "live 2"]
        assert all(arrived - sent < 1.0 for (arrived, _), sent in zip(stream.events, posted_at, strict=True))

    missed_from = streams[0].events[0][1]["id"]  # reconnect after the first: the other two are replayed
    again = Stream(base, {**BO, "Last-Event-ID": missed_from}, 2)
    again.start()
    again.join(10)
    assert [event["data"]["body"] for _, event in again.events] == ["live 1", "live 2"]


def test_streams_get_what_was_posted_while_their_workers_listeners_were_cut(
    service: tuple[str, str, dict[str, str]],
) -> None:
    base, url, users = service
    thread = post(
        base, "/api/messages/threads", {"recipientUserId": users["bo"], "body": "Hi", "clientMessageId": "b0"}
    )
    anchor = thread["message"]["id"]
    streams = on_both_workers(url, lambda: Stream(base, {**BO, "Last-Event-ID": anchor}, 2), at_least=4)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            cut = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rastup-live-feed'"
            assert len(connection.execute(text(cut + " AND datname = current_database()")).all()) == 2
            connection.commit()
    finally:
        engine.dispose()
    post(base, f"/api/messages/thread/{thread['thread']['id']}", {"body": "while cut", "clientMessageId": "b1"})
    time.sleep(1.0)  # the listeners are back (their first retry is 0.1 s later)
    post(base, f"/api/messages/thread/{thread['thread']['id']}", {"body": "after", "clientMessageId": "b2"})
    for stream in streams:
        stream.join(10)
        assert [event["data"]["body"] for _, event in stream.events] == ["while cut", "after"]

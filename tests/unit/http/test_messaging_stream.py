"""The live stream over a real loopback server (the test client buffers whole answers, so it cannot hold a stream):
a message posted while the stream is open arrives on it, and a client that reconnects with Last-Event-ID first
gets what it missed."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, sign_in

ANA, BO, EVE = bearer("tok-ana"), bearer("tok-bo"), bearer("tok-eve")


@pytest.fixture
def base(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    url = f"sqlite:///{tmp_path / 'stream.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url))
    users = {name: sign_in(container, f"{name}@example.com", f"tok-{name}") for name in ("ana", "bo", "eve")}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(container), port=port, log_level="warning", lifespan="on"))
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", users
    finally:
        server.should_exit = True
        runner.join(timeout=10)


def message_events(answer: httpx.Response, count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in answer.iter_lines():
        if line.startswith("id:"):
            current["id"] = line[3:].strip()
        elif line.startswith("data:"):
            current["data"] = json.loads(line[5:].strip())
        elif not line and "data" in current:
            found.append(current)
            current = {}
            if len(found) == count:
                break
    return found


def test_live_then_replay_with_last_event_id(base: tuple[str, dict[str, str]]) -> None:
    url, users = base
    with httpx.Client(base_url=url, timeout=10) as client:
        first = {"recipientUserId": users["bo"], "body": "Hi Bo", "clientMessageId": "c1"}
        thread = client.post("/api/messages/threads", json=first, headers=ANA).json()["thread"]["id"]

        def post(body: str, cid: str) -> str:
            answer = client.post(
                f"/api/messages/thread/{thread}", json={"body": body, "clientMessageId": cid}, headers=ANA
            )
            return str(answer.json()["message"]["id"])

        with client.stream("GET", "/api/messages/stream", headers=BO) as live:
            assert live.status_code == 200 and live.headers["content-type"].startswith("text/event-stream")
            threading.Timer(0.3, post, ("Live hello", "l1")).start()
            sent_at = time.monotonic()
            [event] = message_events(live, 1)
            assert event["data"]["body"] == "Live hello" and event["data"]["threadId"] == thread
            assert time.monotonic() - sent_at < 1.5  # within a second of the post (0.3 s after opening)
        post("two", "l2")
        post("three", "l3")
        with client.stream("GET", "/api/messages/stream", headers={**BO, "Last-Event-ID": event["id"]}) as again:
            assert [e["data"]["body"] for e in message_events(again, 2)] == ["two", "three"]
        eve = {**EVE, "Last-Event-ID": event["id"]}
        with client.stream("GET", "/api/messages/stream", headers=eve, timeout=httpx.Timeout(10, read=1.5)) as other:
            threading.Timer(0.2, post, ("four", "l4")).start()
            with pytest.raises(httpx.ReadTimeout):  # a stranger's stream gets nothing of the thread, live or replayed
                message_events(other, 1)

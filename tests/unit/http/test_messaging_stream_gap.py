"""A stream told of a gap in its fan-out (``FeedGap``: the listening connection dropped and came back) replays from
the store what was posted meanwhile, after the last message it sent, each message once."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from adapters.memory.live_feed import InProcessLiveFeed
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.messaging.events import MessagePosted
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, sign_in

ANA, BO = bearer("tok-ana"), bearer("tok-bo")


class DeafFeed(InProcessLiveFeed):
    """The in-process fan-out, which loses every notice while ``deaf`` is set (a dropped listening connection)."""

    def __init__(self) -> None:
        super().__init__()
        self.deaf = threading.Event()

    def publish(self, user_id: str, event: MessagePosted) -> None:
        if not self.deaf.is_set():
            super().publish(user_id, event)


def bodies(lines: Iterator[str], count: int) -> list[str]:
    """The bodies of the next ``count`` message events on a stream's lines (comments skipped)."""
    found: list[str] = []
    while len(found) < count:
        line = next(lines)
        if line.startswith("data:"):
            found.append(json.loads(line[5:])["body"])
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], DeafFeed]]:
    url = f"sqlite:///{tmp_path / 'gap.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url))
    feed = DeafFeed()
    container.live_feed.override(feed)
    users = {name: sign_in(container, f"{name}@example.com", f"tok-{name}") for name in ("ana", "bo")}
    config = uvicorn.Config(create_app(container), port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", users, feed
    finally:
        server.should_exit = True
        runner.join(timeout=10)


def test_after_a_gap_the_stream_replays_what_the_feed_lost(served: tuple[str, dict[str, str], DeafFeed]) -> None:
    url, users, feed = served
    with httpx.Client(base_url=url, timeout=10) as client:
        first = {"recipientUserId": users["bo"], "body": "Hi Bo", "clientMessageId": "c1"}
        thread = client.post("/api/messages/threads", json=first, headers=ANA).json()["thread"]["id"]

        def post(body: str) -> None:  # its own connection: posts also come from timer threads
            answer = httpx.post(f"{url}/api/messages/thread/{thread}", json={"body": body, "clientMessageId": body},
                                headers=ANA, timeout=10)  # fmt: skip
            assert answer.status_code in (200, 201)

        with client.stream("GET", "/api/messages/stream", headers=BO, timeout=httpx.Timeout(10, read=5)) as live:
            lines = live.iter_lines()
            posting = threading.Timer(0.3, post, ("live",))
            posting.start()
            assert bodies(lines, 1) == ["live"]
            posting.join()
            feed.deaf.set()
            post("lost 1")
            post("lost 2")
            feed.deaf.clear()
            feed.gap()  # listening again
            posting = threading.Timer(0.3, post, ("after",))
            posting.start()
            assert bodies(lines, 3) == ["lost 1", "lost 2", "after"]
            posting.join()

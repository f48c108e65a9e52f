"""SSE delivery under load (issue 14): 500 signed-in users each hold ``GET /api/messages/stream`` open on the real
service (PostgreSQL, 2 workers); posts go to threads between them, and each is timed from the start of its POST
to its arrival on the other party's stream. Budget: p95 <= 1 s, nothing lost (a message that never arrives within
``--wait`` seconds counts as lost, and a lost message fails the budget whatever the p95 of the rest).

Only a client: streams and posts over HTTP, nothing imported from the service but the seeding helpers."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from load_clients import client_ids, load_clients
from seed_messages import seed_messages
from service import drop_database, recreate_database, running_service

RESULTS = Path("perf/results")


def pairs_of(database_url: str) -> list[tuple[str, str, str]]:
    """(thread id, starter id, recipient id) of every seeded thread."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        query = sa.text("SELECT id, starter_id, recipient_id FROM messaging_threads ORDER BY id")
        found = [(row.id, row.starter_id, row.recipient_id) for row in connection.execute(query)]
    engine.dispose()
    return found


async def listen(client: httpx.AsyncClient, token: str, user: str, arrived: dict[tuple[str, str], float],
                 opened: asyncio.Event, counter: list[int], streams: int) -> None:  # fmt: skip
    """Hold one stream open; note when each message arrives, keyed by (message id, reader)."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    async with client.stream("GET", "/api/messages/stream", headers=headers) as response:
        response.raise_for_status()
        counter[0] += 1
        if counter[0] == streams:
            opened.set()
        async for line in response.aiter_lines():
            data = line[5:].strip() if line.startswith("data:") else ""  # a keep-alive comes with an empty data
            if data:  # keyed by message id: the reader's view has a client message id only on one's own
                arrived.setdefault((json.loads(data)["id"], user), time.perf_counter())


async def run(base: str, tokens: list[str], users: list[str], threads: list[tuple[str, str, str]],
              posts: int, rate: float, wait_s: float) -> tuple[list[float], int, int]:  # fmt: skip
    """Open the streams, post ``posts`` probes at ``rate`` a second; (latencies in ms, lost, failed posts and
    dropped streams)."""
    token_of = dict(zip(users, tokens, strict=True))
    arrived: dict[tuple[str, str], float] = {}
    opened, counter = asyncio.Event(), [0]
    limits = httpx.Limits(max_connections=len(tokens) + 10, max_keepalive_connections=len(tokens) + 10)
    timeout = httpx.Timeout(30.0, read=None)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as streams, \
            httpx.AsyncClient(base_url=base, timeout=30.0) as poster:  # fmt: skip
        listeners = [asyncio.create_task(listen(streams, token_of[u], u, arrived, opened, counter, len(users)))
                     for u in users]  # fmt: skip
        await asyncio.wait_for(opened.wait(), 120)
        await asyncio.sleep(2)  # each stream subscribes once its response has started
        sent: dict[tuple[str, str], float] = {}
        failed = 0

        async def post(n: int) -> None:
            nonlocal failed
            thread, starter, recipient = threads[n % len(threads)]
            body = {"body": f"Probe {n}: see you at the studio on Saturday", "clientMessageId": f"probe-{n}"}
            started = time.perf_counter()  # the message may arrive before the POST answers with its id
            answer = await poster.post(f"/api/messages/thread/{thread}", json=body,
                                       headers={"Authorization": f"Bearer {token_of[starter]}"})  # fmt: skip
            if answer.status_code == 201:
                sent[(answer.json()["message"]["id"], recipient)] = started
            else:
                failed += 1

        posting = []
        for n in range(posts):
            posting.append(asyncio.create_task(post(n)))
            await asyncio.sleep(1 / rate)
        await asyncio.gather(*posting)
        deadline = time.perf_counter() + wait_s
        while time.perf_counter() < deadline and not all(key in arrived for key in sent):
            await asyncio.sleep(0.1)
        dropped = sum(task.done() for task in listeners)  # a stream that ended (closed, or an error) before the end
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
    took = [(arrived[key] - started) * 1000 for key, started in sent.items() if key in arrived]
    return took, sum(1 for key in sent if key not in arrived), failed + dropped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--streams", type=int, default=500, help="signed-in users, each holding one stream open")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--rate", type=float, default=10.0, help="posts a second")
    parser.add_argument("--wait", type=float, default=10.0, help="seconds to wait for the last arrivals")
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {"MESSAGING_PAIR_LIMIT": "1000000"}  # probes measure delivery, not the per-pair limit
    try:
        with running_service(args.database_url, args.workers, seed=False, extra_env=env) as base:
            tokens = load_clients(args.database_url, args.streams)
            users = client_ids(args.database_url)
            seed_messages(args.database_url, users, len(users), len(users), per_thread=2)  # a thread per two users
            took, lost, failed = asyncio.run(
                run(base, tokens, users, pairs_of(args.database_url), args.posts, args.rate, args.wait)
            )
    finally:
        drop_database(args.admin_url, args.database_url)
    p95 = statistics.quantiles(took, n=20)[18] if len(took) >= 2 else float("inf")
    median = statistics.median(took) if took else float("inf")
    print(f"{args.streams} streams, {args.workers} workers: {len(took)} delivered, {lost} lost, {failed} posts "
          f"failed or streams dropped; post->receive median {median:.0f} ms, p95 {p95:.0f} ms "
          "(budget 1000, nothing lost)")  # fmt: skip
    return 0 if p95 <= 1000 and lost == 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

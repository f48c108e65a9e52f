"""Two service processes on one PostgreSQL database, on different ports, behind a round-robin load balancer: each
serves half the requests, a write retried on the other process is answered from the first (applied once), both
relays drain the shared outbox, and each sweep round runs in one process (the others count it skipped)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.pool import NullPool

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from tests.harness.round_robin import RoundRobinProxy
from tests.integration.served import RASTUP, free_port
from tests.unit.http.signed_in import sign_in

pytestmark = pytest.mark.integration
KEYS = 20
SWEEPS = {"BOOKING_EXPIRY_INTERVAL_S": "1", "PAYMENTS_RECONCILE_INTERVAL_S": "1", "DELIVERY_POLL_S": "0.2",
          "MESSAGING_UNREAD_NOTICE_INTERVAL_S": "1", "SEARCH_ROLLOVER_INTERVAL_S": "0.5"}  # fmt: skip


@contextlib.contextmanager
def _processes(env: dict[str, str], count: int) -> Iterator[list[str]]:
    """``count`` `rastup serve` processes on the same (migrated) database, each on a port of its own, started
    together; their base URLs once each answers `/readyz`."""
    ports = [free_port() for _ in range(count)]
    full = {**os.environ, "LOG_LEVEL": "warning", **env}
    servers = [subprocess.Popen([RASTUP, "serve", "--port", str(port)], env=full, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True) for port in ports]  # fmt: skip
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for server, base in zip(servers, bases, strict=True):
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                assert server.poll() is None, "a service exited"
                time.sleep(0.1)
        yield bases
    finally:
        for server in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=15)


def _samples(base: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    text = httpx.get(f"{base}/metrics", timeout=5).text
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


def _created(base: str) -> float:
    return sum(v for labels, v in _samples(base, "rastup_requests_total").items()
               if ("method", "POST") in labels and ("path", "/api/profiles") in labels)  # fmt: skip


def _rounds(base: str, outcome: str) -> float:
    return sum(v for labels, v in _samples(base, "rastup_sweep_rounds_total").items() if ("outcome", outcome) in labels)


@pytest.fixture
def two_services(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    files = {"IDENTITY_KEY_DIR": "keys", "OUTBOX_DIR": "outbox", "MEDIA_ROOT": "media"}  # shared by both processes
    env = {**{name: str(tmp_path / leaf) for name, leaf in files.items()}, "SESSION_COOKIE_SECURE": "false",
           **SWEEPS, "DATABASE_URL": pg_url}  # fmt: skip
    upgrade(pg_url)  # in this process: a CLI start costs seconds on a busy machine
    container = build_container(Settings.from_env({**os.environ, **env}))  # the keys both processes will read
    sign_in(container, "two-services@example.com", "tok-two-services")
    container.shutdown_resources()
    with _processes(env, 2) as (first, second):
        yield first, second, env


def test_two_processes_behind_a_balancer_each_do_half_and_nothing_twice(
    two_services: tuple[str, str, dict[str, str]], pg_url: str
) -> None:
    first, second, _env = two_services
    backends = [(url.split(":")[1].strip("/"), int(url.rsplit(":", 1)[1])) for url in (first, second)]
    created_before = [_created(first), _created(second)]
    answers: dict[str, set[str]] = {}
    with RoundRobinProxy(backends) as balancer:
        headers = {"Authorization": "Bearer tok-two-services"}
        for number in range(KEYS):
            key = f"balanced-{number:03d}"
            for _ in range(2):  # sent twice, back to back: the balancer gives the retry to the other process
                with httpx.Client(base_url=balancer.url, headers=headers, timeout=15) as client:  # a connection each
                    answer = client.post("/api/profiles", json={"display_name": key}, headers={"Idempotency-Key": key})
                assert answer.status_code == 201, answer.text
                answers.setdefault(key, set()).add(answer.json()["id"])
        given = dict(balancer.given)
    assert given == {0: KEYS, 1: KEYS}  # connections alternate between the two processes
    served_here = [_created(first) - created_before[0], _created(second) - created_before[1]]
    assert served_here == [KEYS, KEYS]  # each process answered half the requests
    assert all(len(ids) == 1 for ids in answers.values())  # the retry on the other process answered the first result

    engine = sa.create_engine(pg_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            stored = dict(connection.execute(sa.text(
                "SELECT display_name, count(*) FROM profiles WHERE display_name LIKE 'balanced-%' GROUP BY 1"
            )).all())  # fmt: skip
            deadline = time.monotonic() + 20
            while (
                connection.execute(sa.text("SELECT count(*) FROM outbox")).scalar_one() and time.monotonic() < deadline
            ):
                time.sleep(0.2)  # both relays claim from the one outbox (SKIP LOCKED): it drains
            left, dead = connection.execute(sa.text("SELECT count(*), count(dead_at) FROM outbox")).one()
    finally:
        engine.dispose()
    assert stored == dict.fromkeys(answers, 1)  # every key applied exactly once
    assert (left, dead) == (0, 0)

    deadline = time.monotonic() + 20
    while min(_rounds(first, "led"), _rounds(second, "led")) < 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _rounds(first, "led") >= 1 and _rounds(second, "led") >= 1  # both take rounds: no single point of failure

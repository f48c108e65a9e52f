"""A peer frozen with SIGSTOP (alive, its port open, nothing answering: a hung process, a stop-the-world pause) and
thawed with SIGCONT, for peers this test starts itself (never the machine's shared services).

Expected, and checked on one running app (no restart in between):
- Redis frozen: sign-in answers 503 `rate-limiter-unavailable` with Retry-After within a few REDIS_TIMEOUT_S,
  the limits that may fail open allow, `/readyz` answers 503 naming Redis; after SIGCONT sign-in works again.
- Typesense frozen: search answers 200 from the SQL index (`X-Search-Degraded: true`) within a few
  TYPESENSE_TIMEOUT_S; after SIGCONT it answers from Typesense again.
- The payment provider (localstripe) frozen: confirming a checkout answers 503 `payment-gateway-unavailable`
  within the SDK's tries of STRIPE_TIMEOUT_S and the booking stays held; after SIGCONT the same request with the
  same Idempotency-Key confirms it, charged once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
import redis
from litestar.testing import TestClient
from typer.testing import CliRunner

from config.container import build_container
from config.settings import Settings
from entrypoints.cli.app import app
from entrypoints.http.app import create_app
from tests.chaos.load import PASSWORD
from tests.chaos.served_behind import service_env
from tests.harness import localstripe_peer, typesense_peer
from tests.harness.policy import PeerUnavailable, report_unavailable
from tests.harness.processes import ServerProcess, answers_http, free_loopback_port, launch_server
from tests.unit.http.booking_world import ALICE, seeded_container, serving, slot

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

T = TypeVar("T")
LOGIN = {"email": "ann@example.com", "password": PASSWORD}
PEOPLE, QUERY = "/api/search/people", {"q": "photographer"}


@contextlib.contextmanager
def _peer(name: str, start: Callable[[], ServerProcess]) -> Iterator[ServerProcess]:
    try:
        server = start()
    except PeerUnavailable as error:
        report_unavailable(error)
    try:
        yield server
    finally:
        os.killpg(server.popen.pid, signal.SIGCONT)  # a frozen process cannot take the TERM that stops it
        server.stop()


@contextlib.contextmanager
def frozen(server: ServerProcess) -> Iterator[None]:
    """SIGSTOP the peer's process group for the block, SIGCONT afterwards."""
    os.killpg(server.popen.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(server.popen.pid, signal.SIGCONT)


def _redis_answers(port: int) -> bool:
    with contextlib.suppress(redis.RedisError), redis.Redis(port=port, socket_timeout=0.5) as client:
        return bool(client.ping())
    return False


def _private_redis(tmp_path: Path) -> ServerProcess:
    argv = ["redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)]
    return launch_server("redis", lambda port: [*argv, "--port", str(port)], _redis_answers, tmp_path)


def _private_typesense(tmp_path: Path, api_key: str) -> ServerProcess:
    binary, data = typesense_peer._binary(), tmp_path / "data"
    data.mkdir()
    argv = [str(binary), f"--data-dir={data}", f"--api-key={api_key}", "--api-address=127.0.0.1",
            "--peering-address=127.0.0.1", f"--peering-port={free_loopback_port()}"]  # fmt: skip
    env = {name: value for name, value in os.environ.items() if not name.startswith("TYPESENSE_")}
    return launch_server("typesense", lambda port: [*argv, f"--api-port={port}"],
                         lambda port: answers_http(f"http://127.0.0.1:{port}/health"), tmp_path, env=env)  # fmt: skip


def _within(seconds: float, call: Callable[[], T]) -> T:
    started = time.monotonic()
    answer = call()
    assert time.monotonic() - started < seconds, f"took {time.monotonic() - started:.1f} s (bound {seconds} s)"
    return answer


def _eventually(probe: Callable[[], bool], deadline_s: float = 20.0) -> bool:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.2)
    return probe()


def test_frozen_redis_and_typesense_fail_as_stated_within_their_timeouts_and_thaw_without_a_restart(
    tmp_path: Path,
) -> None:
    api_key = "chaos-key"
    with _peer("redis", lambda: _private_redis(tmp_path)) as redis_server, _peer(
        "typesense", lambda: _private_typesense(tmp_path, api_key)
    ) as search_server:  # fmt: skip
        env = {**os.environ, **service_env(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'stop.db'}",
               "RATE_LIMIT_BACKEND": "redis", "REDIS_URL": f"redis://127.0.0.1:{redis_server.port}/0",
               "REDIS_TIMEOUT_S": "0.5", "REDIS_CONNECT_TIMEOUT_S": "0.5", "SEARCH_BACKEND": "typesense",
               "TYPESENSE_URL": f"http://127.0.0.1:{search_server.port}", "TYPESENSE_API_KEY": api_key,
               "TYPESENSE_TIMEOUT_S": "0.5", "SEARCH_CACHE_TTL_S": "0"}  # fmt: skip
        for command in (["db", "upgrade"], ["demo", "seed"], ["search", "reindex"],
                        ["users", "create", LOGIN["email"], "--password", PASSWORD]):  # fmt: skip
            done = CliRunner().invoke(app, command, env=env)
            assert done.exit_code == 0, done.output
        container = build_container(Settings.from_env(env))
        with TestClient(create_app(container), base_url="https://testserver.local") as client:
            assert client.post("/api/auth/login", json=LOGIN).status_code == 200
            healthy = client.get(PEOPLE, params=QUERY)
            assert healthy.status_code == 200 and "x-search-degraded" not in healthy.headers

            with frozen(redis_server):
                refused = _within(4.0, lambda: client.post("/api/auth/login", json=LOGIN))
                assert refused.status_code == 503, refused.text
                assert refused.json()["type"] == "/problems/rate-limiter-unavailable"
                assert int(refused.headers["retry-after"]) >= 1
                resend = container.rate_limiter().hit("resend-identity:ann@example.com", 3, 3600, datetime.now(UTC))
                assert resend.allowed  # a limit that may fail open does
                ready = _within(6.0, lambda: client.get("/readyz"))
                assert ready.status_code == 503
                names = [c["component"] for c in ready.json()["components"] if not c["ok"]]
                assert names == ["redis (rate limits)"]
            assert _eventually(lambda: client.post("/api/auth/login", json=LOGIN).status_code == 200)
            assert _eventually(lambda: client.get("/readyz").status_code == 200)

            with frozen(search_server):
                degraded = _within(3.0, lambda: client.get(PEOPLE, params=QUERY))
                assert degraded.status_code == 200
                assert degraded.headers["x-search-degraded"] == "true"
                assert {card["id"] for card in degraded.json()["results"]} == {
                    c["id"] for c in healthy.json()["results"]
                }
            assert _eventually(lambda: "x-search-degraded" not in client.get(PEOPLE, params=QUERY).headers)


def test_a_frozen_payment_provider_answers_503_keeps_the_hold_and_the_same_key_confirms_after_sigcont(
    tmp_path: Path,
) -> None:
    localstripe_peer._check_pickle_writable()

    def start() -> ServerProcess:
        argv = [sys.executable, "-c", localstripe_peer._LAUNCHER]

        def healthy(port: int) -> bool:
            return answers_http(f"http://127.0.0.1:{port}/js.stripe.com/v3/")

        return launch_server("localstripe", lambda port: [*argv, str(port)], healthy, tmp_path)

    with _peer("localstripe", start) as stripe_server:
        settings = {"payments_backend": "stripe", "stripe_api_key": "sk_test_frozen",
                    "stripe_api_base": f"http://127.0.0.1:{stripe_server.port}", "stripe_timeout_s": 0.5}  # fmt: skip
        container, _clock = seeded_container(tmp_path, **settings)
        with serving(container) as client:
            txn = client.post("/api/checkout/start", json=slot(72), headers=ALICE).json()["txnId"]
            pay, key = {"txnId": txn, "method": "pm_card_visa"}, {**ALICE, "Idempotency-Key": f"confirm-{txn}"}
            with frozen(stripe_server):
                refused = _within(6.0, lambda: client.post("/api/checkout/confirm", json=pay, headers=key))
                assert refused.status_code == 503, refused.text
                assert refused.json()["type"] == "/problems/payment-gateway-unavailable"
                assert client.get(f"/api/bookings/{txn}", headers=ALICE).json()["state"] == "held"
            confirmed = client.post("/api/checkout/confirm", json=pay, headers=key)
            assert confirmed.status_code == 200, confirmed.text
            booking = confirmed.json()
            assert booking["state"] == "confirmed" and booking["captured"]["amount"] == booking["total"]["amount"]
            intent = container.payments().get(booking["paymentIntentId"])
            assert intent.amount_captured.amount == booking["total"]["amount"]  # captured once, in full

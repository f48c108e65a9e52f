"""Redis and Typesense behind the fault proxy, silent or refusing: sign-in fails closed within the Redis
timeout (503 + Retry-After), the limits that may fail open do, /readyz names Redis; search answers from SQL
within the Typesense timeout (X-Search-Degraded) and from Typesense again once it is back."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from config.container import Container, build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from tests.chaos.load import PASSWORD
from tests.chaos.served_behind import service_env
from tests.harness.fault_proxy import FaultProxy
from tests.harness.typesense_peer import TypesenseServer
from tests.integration.served import RASTUP

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

PEOPLE, QUERY = "/api/search/people", {"q": "photographer"}
LOGIN = {"email": "ann@example.com", "password": PASSWORD}


def _proxy_for(url: str) -> FaultProxy:
    parts = urlsplit(url)
    return FaultProxy(parts.hostname or "127.0.0.1", parts.port or 80)


@pytest.fixture(scope="module")
def proxies(redis_url: str, typesense: TypesenseServer) -> Iterator[tuple[FaultProxy, FaultProxy]]:
    with _proxy_for(redis_url) as redis_proxy, _proxy_for(typesense.url) as search_proxy:
        yield redis_proxy, search_proxy


@pytest.fixture(scope="module")
def container(
    proxies: tuple[FaultProxy, FaultProxy], redis_url: str, typesense: TypesenseServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Container:  # fmt: skip
    """The service's container on SQLite (so only Redis and Typesense cross the proxies), demo data indexed."""
    redis_proxy, search_proxy = proxies
    tmp_path = tmp_path_factory.mktemp("chaos-peers")
    db = urlsplit(redis_url).path.lstrip("/")
    env = {
        **service_env(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'chaos.db'}",
        "RATE_LIMIT_BACKEND": "redis",
        "REDIS_URL": f"redis://127.0.0.1:{redis_proxy.port}/{db}",
        "REDIS_TIMEOUT_S": "0.5",
        "REDIS_CONNECT_TIMEOUT_S": "0.5",
        "SEARCH_BACKEND": "typesense",
        "TYPESENSE_URL": f"http://127.0.0.1:{search_proxy.port}",
        "TYPESENSE_API_KEY": typesense.api_key,
        "TYPESENSE_TIMEOUT_S": "0.5",
        "SEARCH_CACHE_TTL_S": "0",  # every query reaches the peer: a cached answer would hide the fault under test
    }
    full_env = {**os.environ, **env}
    for command in (["db", "upgrade"], ["demo", "seed"], ["search", "reindex"], ["users", "create", LOGIN["email"],
                    "--password", PASSWORD]):  # fmt: skip
        subprocess.run([RASTUP, *command], env=full_env, check=True, capture_output=True)
    return build_container(Settings.from_env(full_env))


def test_a_silent_or_refusing_redis_closes_sign_in_opens_the_other_limits_and_shows_on_readyz(
    container: Container, proxies: tuple[FaultProxy, FaultProxy]
) -> None:
    redis_proxy, _ = proxies
    with TestClient(create_app(container), base_url="https://testserver.local") as client:
        assert client.post("/api/auth/login", json=LOGIN).status_code == 200
        for fault in ({"blackhole": True}, {"reset": True}):
            with redis_proxy.fault(**fault):
                redis_proxy.reset_connections()  # the pooled connection goes too: every command meets the fault
                started = time.monotonic()
                refused = client.post("/api/auth/login", json=LOGIN)
                assert time.monotonic() - started < 3.0, fault  # the Redis timeouts (0.5 s), not TCP's minutes
                assert refused.status_code == 503, (fault, refused.text)
                assert refused.json()["type"] == "/problems/rate-limiter-unavailable"
                assert int(refused.headers["retry-after"]) >= 1
                resend = container.rate_limiter().hit("resend-identity:ann@example.com", 3, 3600, datetime.now(UTC))
                assert resend.allowed  # a limit that may fail open does
                ready = client.get("/readyz")
                assert ready.status_code == 503
                assert [c["component"] for c in ready.json()["components"] if not c["ok"]] == ["redis (rate limits)"]
            assert _eventually(lambda: client.post("/api/auth/login", json=LOGIN).status_code == 200)
        assert client.get("/readyz").status_code == 200


def test_a_silent_or_slow_typesense_degrades_search_to_sql_within_its_timeout(
    container: Container, proxies: tuple[FaultProxy, FaultProxy]
) -> None:
    _, search_proxy = proxies
    with TestClient(create_app(container), base_url="https://testserver.local") as client:
        healthy = client.get(PEOPLE, params=QUERY)
        assert healthy.status_code == 200 and "x-search-degraded" not in healthy.headers
        expected = {card["id"] for card in healthy.json()["results"]}
        assert expected
        for fault in ({"blackhole": True}, {"latency_s": 2.0}, {"reset": True}):
            with search_proxy.fault(**fault):
                search_proxy.reset_connections()
                started = time.monotonic()
                degraded = client.get(PEOPLE, params=QUERY)
                elapsed = time.monotonic() - started
                assert degraded.status_code == 200, (fault, degraded.text)
                assert degraded.headers["x-search-degraded"] == "true", fault
                assert {card["id"] for card in degraded.json()["results"]} == expected  # the SQL index agrees
                assert elapsed < 2.5, (fault, elapsed)  # the 0.5 s timeout (and one retry), then SQL
            assert _eventually(lambda: "x-search-degraded" not in client.get(PEOPLE, params=QUERY).headers)


def _eventually(probe: object, deadline_s: float = 15.0) -> bool:
    assert callable(probe)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.2)
    return bool(probe())

"""Security headers on every response: JSON, problems, HTML pages, unrouted 404s; HSTS on HTTPS only (issue 19)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from entrypoints.http.security_headers import DOCS_POLICY

FIXED = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
         "referrer-policy": "strict-origin-when-cross-origin"}  # fmt: skip


def directives(policy: str) -> dict[str, list[str]]:
    return {name: rest for name, *rest in (part.split() for part in policy.split(";") if part.strip())}


def assert_hardened(answer: Any) -> dict[str, list[str]]:
    for name, value in FIXED.items():
        assert answer.headers.get(name) == value, (answer.request.url, name)
    policy = directives(answer.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"] and policy["default-src"] == ["'none'"]
    return policy


def test_every_kind_of_answer_carries_the_headers(client: TestClient[Any]) -> None:
    answers = [
        client.get("/healthz"),  # JSON
        client.post("/api/profiles", json={"display_name": "Ana"}),  # JSON 201
        client.get("/api/profiles/prf_nobody"),  # problem+json 404
        client.post("/api/profiles", json={"display_name": 5}),  # problem+json 422
        client.get("/api/auth/sessions", headers={"Authorization": "Bearer dead"}),  # problem+json 401
        client.get("/no/such/route"),  # unrouted 404
        client.delete("/healthz"),  # 405
        client.get("/p/no-such-page"),  # HTML 404
        client.get("/calendar/not-a-token.ics"),  # text/calendar route, 404
        client.get("/metrics"),  # Prometheus text
    ]
    for answer in answers:
        policy = assert_hardened(answer)
        assert "script-src" not in policy  # default-src 'none': no script anywhere outside /schema
    assert {a.status_code for a in answers} >= {200, 201, 401, 404, 405, 422}


def test_the_page_policy_allows_exactly_the_pages_inline_stylesheet(client: TestClient[Any]) -> None:
    from entrypoints.http.routes.public_pages import page_styles

    policy = assert_hardened(client.get("/p/no-such-page"))
    assert policy["style-src"] == page_styles() and len(page_styles()) == 1
    assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]


def test_the_api_docs_get_their_own_policy_naming_what_they_load(client: TestClient[Any]) -> None:
    for path in ("/schema/swagger", "/schema", "/schema/redoc"):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.headers["content-security-policy"] == DOCS_POLICY
        assert_hardened(answer)
        policy = directives(DOCS_POLICY)
        scripts = re.findall(r'<script[^>]+src="(https://[^"/]+)', answer.text)
        assert scripts, path  # each viewer loads its bundle from a CDN
        for url in scripts:
            assert url in policy["script-src"], (path, url)
        for url in re.findall(r'<link[^>]+href="(https://[^"/]+)', answer.text):
            assert url in policy["style-src"], (path, url)


def test_no_hsts_over_plain_http(client: TestClient[Any]) -> None:
    assert "strict-transport-security" not in client.get("/healthz").headers
    forged = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})  # nobody trusted forwarded it
    assert "strict-transport-security" not in forged.headers


def test_hsts_over_https(container: Any) -> None:
    with TestClient(create_app(container), base_url="https://rastup.local") as https:
        for answer in (https.get("/healthz"), https.get("/no/such/route"), https.get("/api/profiles/prf_nobody")):
            assert answer.headers["strict-transport-security"].startswith("max-age=31536000")


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'proxy.db'}"
    upgrade(url)
    settings = Settings(database_url=url, trusted_proxies=("testclient",))  # the test client's peer address
    with TestClient(create_app(build_container(settings))) as test_client:
        yield test_client


def test_hsts_when_a_trusted_proxy_says_the_client_came_over_https(behind_proxy: TestClient[Any]) -> None:
    forwarded = behind_proxy.get("/healthz", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert forwarded.headers["strict-transport-security"].startswith("max-age=31536000")
    assert "strict-transport-security" not in behind_proxy.get("/healthz").headers


def test_a_handlers_own_header_is_not_overwritten(client: TestClient[Any]) -> None:
    answer = client.get("/healthz")
    assert len(answer.headers.get_list("content-security-policy")) == 1
    assert len(answer.headers.get_list("x-frame-options")) == 1

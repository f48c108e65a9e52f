"""schemathesis against the live service on PostgreSQL, anonymous and signed in as a client, a provider and staff.

Every route, generated requests from its OpenAPI operation (examples, coverage, fuzzing and stateful phases):
no 5xx, no response outside its documented schema, no undocumented status code or content type (so every 4xx
is the problem+json the operation documents). A failure prints schemathesis' report with a curl to replay it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine

from adapters.sqlalchemy.migrate import upgrade
from tests.integration.served import RASTUP, served
from tests.integration.sql_stores import truncate_all

pytestmark = pytest.mark.integration
SCHEMATHESIS = str(Path(sys.executable).parent / "st")
CHECKS = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_schema_conformance", "response_headers_conformance"])  # fmt: skip
ROLES = ("client", "provider", "staff")
# Sign-out and revoking sessions end the fuzzer's own session: later calls would all be 401 (documented, and
# useless); they are fuzzed anonymously, where they answer 401.
SIGNED_IN_EXCLUDED = ["/api/auth/logout", "/api/auth/sessions/{session_id}", "/api/account"]


@pytest.fixture(scope="module")
def service(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The service on a fresh copy of the demo, with one account per role; yields (base URL, role -> token)."""
    upgrade(pg_url)
    engine = create_engine(pg_url)
    truncate_all(engine)  # a fresh demo; and afterwards, nothing the fuzzer wrote reaches later tests
    env = {"DATABASE_URL": pg_url, "EMAIL_BACKEND": "outbox", "OUTBOX_DIR": str(tmp_path_factory.mktemp("mail"))}
    passwords = {role: secrets.token_urlsafe(24) for role in ROLES}

    def rastup(*arguments: str) -> None:
        subprocess.run([RASTUP, *arguments], env={**os.environ, **env}, check=True, capture_output=True)

    for role, password in passwords.items():
        rastup("users", "create", f"{role}@fuzz.example", "--password", password)
    rastup("users", "grant-role", "staff@fuzz.example", "admin")
    try:
        with served(env) as base:
            rastup("demo", "seed", "--owner", "provider@fuzz.example")
            yield base, {role: _sign_in(base, role, password) for role, password in passwords.items()}
    finally:
        truncate_all(engine)
        engine.dispose()


def _sign_in(base: str, role: str, password: str) -> str:
    body = {"email": f"{role}@fuzz.example", "password": password, "api_client": True}
    answer = httpx.post(f"{base}/api/auth/login", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["session_token"])


def _fuzz(base: str, *options: str) -> subprocess.CompletedProcess[str]:
    # One schemathesis worker (thread): CPython 3.11's AST constructor keeps its recursion depth per interpreter, so
    # two threads building ASTs (Hypothesis does, while it draws bodies) can raise a spurious SystemError
    # ("AST constructor recursion depth mismatch", python/cpython#106905); pytest-xdist gives the parallelism instead.
    command = [SCHEMATHESIS, "run", f"{base}/schema/openapi.json", "--checks", CHECKS, "--max-examples", "4",
               "--seed", "20261203", "--workers", "1", "--no-color", "--wait-for-schema", "30", *options]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_no_route_answers_outside_its_schema(service: tuple[str, dict[str, str]], role: str) -> None:
    base, tokens = service
    options: list[str] = []
    if role != "anonymous":
        options = ["-H", f"Authorization: Bearer {tokens[role]}"]
        for path in SIGNED_IN_EXCLUDED:
            options += ["--exclude-path", path]
    done = _fuzz(base, *options)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-20000:]
    summary = report[report.rfind("Test cases:") :]
    generated = int(summary.split()[2])
    assert generated > 500, summary  # the run fuzzed for real, not a schema that lists no operation

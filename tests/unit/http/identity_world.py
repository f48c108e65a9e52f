"""The real app over SQLite with a fixed clock and a file outbox: what the auth API tests drive."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import attrs
import pyotp
import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from entrypoints.http.identity_session import CSRF_COOKIE, CSRF_HEADER

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
PASSWORD = "violet-Harbour-crane-58-quay"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@attrs.define
class AuthWorld:
    client: TestClient[Any]
    container: Container
    clock: FixedClock
    outbox: Path

    def code_for(self, email: str) -> str:
        """The code in the newest email to ``email`` in the outbox."""
        for path in sorted(self.outbox.glob("*.eml"), reverse=True):
            message = message_from_bytes(path.read_bytes())
            if message["To"] == email and (found := re.search(r"Your code is (\S+)", message.get_payload())):
                return found.group(1)
        raise AssertionError(f"no code for {email}")

    def mails_to(self, email: str) -> list[str]:
        return [str(message_from_bytes(p.read_bytes())["Subject"]) for p in sorted(self.outbox.glob("*.eml"))
                if message_from_bytes(p.read_bytes())["To"] == email]  # fmt: skip

    def signed_up(self, email: str = "ann@example.com", password: str = PASSWORD) -> None:
        assert self.client.post("/api/auth/signup", json={"email": email, "password": password}).status_code == 202
        code = self.code_for(email)
        assert self.client.post("/api/auth/verify-email", json={"email": email, "code": code}).status_code == 204

    def login(self, email: str = "ann@example.com", password: str = PASSWORD, **extra: Any) -> Any:
        return self.client.post("/api/auth/login", json={"email": email, "password": password, **extra})

    def csrf(self) -> dict[str, str]:
        return {CSRF_HEADER: self.client.cookies.get(CSRF_COOKIE) or ""}

    def enrol_totp(self) -> pyotp.TOTP:
        """Enrol and confirm TOTP on the signed-in session; returns the authenticator."""
        answer = self.client.post("/api/auth/mfa/totp/enroll", headers=self.csrf())
        assert answer.status_code == 200, answer.text
        uri = answer.json()["provisioning_uri"]
        totp = pyotp.TOTP(urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)["secret"][0])
        confirm = self.client.post("/api/auth/mfa/totp/confirm", json={"code": totp.at(self.clock.now())},
                                   headers=self.csrf())  # fmt: skip
        assert confirm.status_code == 200, confirm.text
        self.recovery_codes = confirm.json()["recovery_codes"]
        return totp

    def step_up(self, totp: pyotp.TOTP) -> Any:
        self.clock.advance(timedelta(seconds=30))  # a fresh time step: each code is accepted once
        return self.client.post("/api/auth/mfa/challenge", json={"code": totp.at(self.clock.now())},
                                headers=self.csrf())  # fmt: skip

    recovery_codes: list[str] = attrs.field(factory=list)


def running_auth(tmp_path: Path, prepare: Callable[[Container], object] | None = None,
                 **overrides: Any) -> Iterator[AuthWorld]:  # fmt: skip
    """The app over a fresh SQLite file; ``overrides`` are extra ``Settings`` fields. ``prepare`` changes the
    container before the app starts (its background rounds resolve providers from the first moment: a provider
    overridden later may already be built)."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    upgrade(url)
    settings = Settings(database_url=url, identity_key_dir=str(tmp_path / "keys"), outbox_dir=str(tmp_path / "outbox"),
                        **overrides)  # fmt: skip
    container = build_container(settings)
    clock = FixedClock(T0)
    container.clock.override(providers.Object(clock))
    if prepare is not None:
        prepare(container)
    app = create_app(container)
    with TestClient(app, base_url="https://testserver.local") as client:
        client.headers["User-Agent"] = FIREFOX
        yield AuthWorld(client, container, clock, tmp_path / "outbox")


@pytest.fixture
def auth(tmp_path: Path) -> Iterator[AuthWorld]:
    yield from running_auth(tmp_path)

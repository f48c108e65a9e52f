"""EMAIL_BACKEND=smtp through the container: a reset answers before a slow SMTP server accepts its email."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from litestar.testing import TestClient
from tests.unit.identity.smtp_sink import smtp_sink

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app

pytestmark = pytest.mark.integration

EMAIL = "ann@example.com"
PASSWORD = "violet-Harbour-crane-58-quay"


def test_a_reset_answers_before_the_slow_smtp_server_accepts_and_the_code_arrives_after(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'smtp.db'}"
    upgrade(url)
    accepting = threading.Event()
    accepting.set()
    with smtp_sink(accepting) as sink:
        host, port = sink.server_address[:2]
        settings = Settings(database_url=url, identity_key_dir=str(tmp_path / "keys"), email_backend="smtp",
                            smtp_host=str(host), smtp_port=int(port), smtp_security="none")  # fmt: skip
        with TestClient(create_app(build_container(settings)), base_url="https://testserver.local") as client:
            assert client.post("/api/auth/signup", json={"email": EMAIL, "password": PASSWORD}).status_code == 202
            (verification,) = sink.wait_for(1)
            assert verification["Subject"] == "Your RastUp verification code"

            accepting.clear()  # from now on the server holds every message until the test lets it go
            for email in (EMAIL, "nobody@example.com"):
                answer = client.post("/api/auth/password/reset/request", json={"email": email})
                assert answer.status_code == 202, answer.text
            assert len(sink.received) == 1  # both answered while the reset email was still unaccepted

            accepting.set()
            reset = sink.wait_for(2)[1]
        assert reset["To"] == EMAIL and reset["Subject"] == "Your RastUp password reset code"
        assert re.search(r"Your code is \S+", reset.get_payload())
    assert len(sink.received) == 2  # the unknown address got nothing

"""The security regression suite (issue 19): the real app on its defaults (SQLite) with three accounts, and a
guard that fails any test during which the server logged an ``unhandled_error`` or ``server_error``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, sign_in

OWNER_TOKEN = "tok-olive-owner"
STAFF = bearer("tok-kim-support")
STRANGER = bearer("tok-eve-stranger")


@pytest.fixture
def container(tmp_path: Path) -> Container:
    url = f"sqlite:///{tmp_path / 'security.db'}"
    upgrade(url)
    built = build_container(Settings(database_url=url, max_body_bytes=64 * 1024))
    sign_in(built, "owner@example.com", OWNER_TOKEN)
    sign_in(built, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    sign_in(built, "eve@example.com", "tok-eve-stranger")
    return built


@pytest.fixture
def client(container: Container) -> Iterator[TestClient[Any]]:
    """Signed in as the owner (``OWNER_TOKEN``); pass ``headers=STRANGER`` or ``STAFF`` to act as the others."""
    with TestClient(create_app(container)) as test_client:
        test_client.headers.update(bearer(OWNER_TOKEN))
        yield test_client


@pytest.fixture(autouse=True)
def no_unhandled_errors(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Every case must be answered on purpose: a 500 logged as unhandled fails the test that caused it."""
    yield
    logged = capsys.readouterr().err
    assert '"unhandled_error"' not in logged and '"server_error"' not in logged, logged[-4000:]

"""The real Litestar app over a throwaway SQLite database, driven by Litestar's test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, sign_in

OWNER_TOKEN = "tok-olive-owner"
STAFF = bearer("tok-kim-support")  # a support staff member: pass as headers= on staff-only calls
STRANGER = bearer("tok-eve-stranger")  # signed in, owns nothing: someone else's profile is a 404 to her


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'http.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, max_body_bytes=64 * 1024))
    sign_in(container, "owner@example.com", OWNER_TOKEN)
    sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    sign_in(container, "eve@example.com", "tok-eve-stranger")
    app = create_app(container)
    with TestClient(app) as test_client:
        test_client.headers.update(bearer(OWNER_TOKEN))  # signed in: the drafts it creates are its own
        yield test_client

"""The real Litestar app over a throwaway SQLite database, driven by Litestar's test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'http.db'}"
    upgrade(url)
    app = create_app(build_container(Settings(database_url=url, max_body_bytes=64 * 1024)))
    with TestClient(app) as test_client:
        yield test_client

"""promtool (a peer: Debian's `prometheus` package) and a /metrics scrape of the real app after varied requests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from tests.harness.policy import PeerUnavailable, report_unavailable

REPO = Path(__file__).resolve().parents[2]
RAW_IDS = ("prf_raw_7f3a9c", "bkg_raw_51d2e8", "raw-slug-0c4b")  # must never show up as label values


def metrics_label(route_path: str) -> str:
    """A Litestar route path as the `path` label carries it: `/p/{slug:str}` -> `/p/{slug}`."""
    return re.sub(r"\{(\w+):[^}]+\}", r"{\1}", route_path)


@pytest.fixture(scope="session")
def promtool() -> str:
    """The promtool binary; under CI=true its absence fails the test, elsewhere it skips with the reason."""
    found = shutil.which("promtool")
    if found is None:
        report_unavailable(PeerUnavailable("promtool", "PATH; install it with `bash .ci/promtool-deps.sh`"))
    return found


@pytest.fixture(scope="session")
def scraped(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, set[str]]:
    """The /metrics text after 2xx, 4xx and 5xx answers on routes with ids in the path, and the app's templates."""
    url = f"sqlite:///{tmp_path_factory.mktemp('metrics') / 'metrics.db'}"
    upgrade(url)
    app = create_app(build_container(Settings(database_url=url)))
    profile, booking, slug = RAW_IDS
    with TestClient(app) as client:
        client.get("/healthz")
        client.get("/api/profiles?limit=2")
        client.get(f"/api/profiles/{profile}")
        client.get(f"/api/bookings/{booking}")
        client.get(f"/p/{slug}")
        client.get(f"/no/such/route/{profile}")  # unrouted: counted nowhere, so no raw path can appear
        client.post("/api/checkout/start", json={})
        client.post("/api/auth/login", json={"email": "nobody@example.com", "password": "not-the-password"})
        text = client.get("/metrics").text
    return text, {metrics_label(route.path) for route in app.routes}

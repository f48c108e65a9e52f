"""The profile-draft slice end to end on PostgreSQL: through the HTTP app and through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.cli.app import app as cli
from entrypoints.cli.errors import EXIT_CONFLICT
from entrypoints.http.app import create_app
from tests.integration.sql_stores import truncate_all
from tests.unit.http.signed_in import bearer, sign_in

pytestmark = pytest.mark.integration


@pytest.fixture
def pg_database(pg_url: str) -> str:
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    truncate_all(engine)
    engine.dispose()
    return pg_url


@pytest.fixture
def client(pg_database: str) -> Iterator[TestClient]:
    container = build_container(Settings(database_url=pg_database))
    sign_in(container, "owner@example.com", "tok-olive-owner")
    with TestClient(create_app(container)) as test_client:
        test_client.headers.update(bearer("tok-olive-owner"))  # signed in: the drafts it creates are its own
        yield test_client


def test_http_slice_on_postgres(client: TestClient) -> None:
    made = client.post("/api/profiles", json={"display_name": "Ana Diaz", "roles": ["model"], "city": "los-angeles"})
    assert made.status_code == 201
    profile_id = made.json()["id"]
    assert client.get("/readyz").json()["components"][0] == {
        "component": "database (postgresql)",
        "ok": True,
        "detail": "",
    }
    assert client.patch(f"/api/profiles/{profile_id}", json={"version": 1, "headline": "one"}).status_code == 200
    stale = client.patch(f"/api/profiles/{profile_id}", json={"version": 1, "headline": "two"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert client.get("/api/profiles", params={"role": "model"}).json()["items"][0]["headline"] == "one"


def test_concurrent_http_edits_of_one_version_have_one_winner(client: TestClient) -> None:
    profile_id = client.post("/api/profiles", json={"display_name": "Race"}).json()["id"]

    def edit(n: int) -> int:
        return client.patch(f"/api/profiles/{profile_id}", json={"version": 1, "bio": f"writer {n}"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(edit, range(8)))
    assert statuses == [200] + [409] * 7
    assert client.get(f"/api/profiles/{profile_id}").json()["version"] == 2


def test_cli_slice_on_postgres(pg_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_database)
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "seed", "--load-profiles", "2"]).exit_code == 0
    shown = json.loads(runner.invoke(cli, ["profiles", "show", "prf_demo_photographer_la"]).output)
    assert shown["slug"] == "demo-photographer-la"
    edit = ["profiles", "edit", "prf_load_001", "--version", "1", "--headline", "x"]
    assert runner.invoke(cli, edit).exit_code == EXIT_CONFLICT  # seeded profiles are published: version 2


def test_values_postgresql_cannot_store_stop_at_the_edge(client: TestClient) -> None:
    """PostgreSQL refuses NUL in text and overflows 32-bit versions: the edge answers 422 before either is sent."""
    made = client.post("/api/profiles", json={"display_name": "Ana Diaz"}).json()
    for url, field in ((f"/api/profiles/{made['id']}%00", "path"), ("/api/profiles?after=a%00", "query.after")):
        answer = client.get(url)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    for body, field in (({"version": 2**31}, "version"), ({"version": 1, "headline": "a\x00b"}, "headline")):
        answer = client.patch(f"/api/profiles/{made['id']}", json=body)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    assert client.get(f"/api/profiles/{made['id']}").json()["version"] == 1

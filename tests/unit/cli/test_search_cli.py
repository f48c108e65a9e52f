"""`rastup search status|reindex`: documents, and the indexer's backlog, lag and dead letters."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sqlalchemy.tables.outbox import outbox as outbox_table
from config.container import build_container
from core.search.query import people_query
from entrypoints.cli.app import app
from tests.unit.cli.cli_world import migrated_database, runner


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = migrated_database(tmp_path, monkeypatch)
    assert runner.invoke(app, ["demo", "seed"]).exit_code == 0
    return url


def status() -> dict[str, object]:
    result = runner.invoke(app, ["search", "status"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_status_shows_the_documents_and_the_indexers_backlog_lag_and_dead_letters(database: str) -> None:
    before = status()
    assert before["documents"] and before["backend"] == "sql"
    assert (before["indexer_backlog"], before["indexer_lag_s"], before["indexer_dead"]) == (0, 0.0, 0)
    old = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [("evt_a", "profiles.draft_edited", None), ("evt_b", "profiles.draft_edited", old),
            ("evt_c", "test.not_indexed", None)]  # fmt: skip
    with build_container().engine().begin() as connection:
        for event_id, topic, dead_at in rows:
            connection.execute(outbox_table.insert().values(
                event_id=event_id, topic=topic, payload="{}", occurred_at=old, dead_at=dead_at,
                due_at=datetime(2100, 1, 1, tzinfo=UTC), attempts=1))  # fmt: skip
    after = status()
    assert (after["indexer_backlog"], after["indexer_dead"]) == (1, 1)
    assert float(str(after["indexer_lag_s"])) > 86400 and after["outbox_pending"] == 2


def invoke(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["search", "synonyms", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_operators_edit_synonyms_and_search_uses_them(database: str) -> None:
    assert invoke("list") == []
    assert invoke("set", "MUA", "makeup artist") == [{"term": "mua", "expansions": ["makeup artist"]}]
    invoke("set", "photog", "photographer")
    invoke("set", "LA", "los-angeles")
    assert [s["term"] for s in invoke("list")] == ["la", "mua", "photog"]
    services = build_container().search()
    found = services.desk.people(people_query({"q": "photog", "city": "los-angeles"}), "cli")
    assert found.hits and all("photographer" in hit.document.roles for hit in found.hits)
    by_la = services.desk.people(people_query({"q": "photog la"}), "cli")
    assert by_la.hits and {hit.document.city for hit in by_la.hits} == {"los-angeles"}
    assert invoke("delete", "la") == [{"deleted": "la"}]
    assert runner.invoke(app, ["search", "synonyms", "delete", "la"]).exit_code != 0
    refused = runner.invoke(app, ["search", "synonyms", "set", "two words", "x"])
    assert refused.exit_code != 0 and "term" in refused.output

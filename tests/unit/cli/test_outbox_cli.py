"""`rastup outbox status|run|dead|retry-dead`, and an account deletion whose process died right after its commit:
the clean-up waits in the outbox and the relay does it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sqlalchemy.identity import SqlAlchemyIdentityUnitOfWork
from adapters.sqlalchemy.tables.outbox import outbox as outbox_table
from config.container import build_container
from core.identity.handlers.account import erase_account
from entrypoints.cli.app import app
from tests.unit.cli.cli_world import PASSWORD, migrated_database, runner


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = migrated_database(tmp_path, monkeypatch)
    assert runner.invoke(app, ["users", "create", "ana@example.com", "--password", PASSWORD]).exit_code == 0
    assert runner.invoke(app, ["demo", "seed", "--owner", "ana@example.com"]).exit_code == 0
    return url


def status() -> dict[str, float]:
    result = runner.invoke(app, ["outbox", "status"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def published(profile_id: str) -> bool:
    uow = build_container().profiles_uow()
    with uow.reading():
        return uow.profiles.get(profile_id).is_published


def test_a_deletion_whose_process_died_after_the_commit_is_cleaned_up_by_the_relay(database: str) -> None:
    container = build_container()
    # a unit with no bus to hand its commit to: what a process killed right after the COMMIT leaves behind
    uow = SqlAlchemyIdentityUnitOfWork(container.engine(), container.identity_cipher())
    with uow.reading():
        user = uow.users.get_by_email("ana@example.com")
    assert user is not None
    erase_account(user.id, user.id, "self", uow, container.identity_services())  # committed; never delivered
    assert published("prf_demo_photographer_la")
    assert status() | {"oldest_pending_age_s": 0} == {
        "pending": 1, "due": 1, "backing_off": 0, "leased": 0, "dead": 0, "oldest_pending_age_s": 0
    }  # fmt: skip

    ran = runner.invoke(app, ["outbox", "run"])
    assert ran.exit_code == 0 and json.loads(ran.stdout) == {"delivered": 1, "retrying": 0, "dead": 0}
    assert not published("prf_demo_photographer_la")
    assert status()["pending"] == 0
    assert json.loads(runner.invoke(app, ["outbox", "run"]).stdout) == {"delivered": 0, "retrying": 0, "dead": 0}


def test_a_deletion_from_the_cli_cleans_up_at_once_and_leaves_nothing_in_the_outbox(database: str) -> None:
    assert runner.invoke(app, ["users", "create", "root@example.com", "--password", PASSWORD]).exit_code == 0
    assert runner.invoke(app, ["users", "grant-role", "root@example.com", "admin"]).exit_code == 0
    deleted = runner.invoke(app, ["users", "delete", "ana@example.com", "--as", "root@example.com", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert not published("prf_demo_photographer_la") and status()["pending"] == 0


def test_dead_letters_are_listed_and_retried(database: str) -> None:
    engine = build_container().engine()
    with engine.begin() as connection:  # a row whose topic no event class claims any more (a bad rename)
        connection.execute(outbox_table.insert().values(event_id="evt_renamed", topic="identity.renamed",
                                                        payload="{}", occurred_at=datetime.now(UTC)))  # fmt: skip
    assert runner.invoke(app, ["outbox", "run"]).exit_code == 0
    assert status()["dead"] == 1 and status()["pending"] == 0
    (line,) = runner.invoke(app, ["outbox", "dead"]).stdout.splitlines()
    letter = json.loads(line)
    assert (letter["event_id"], letter["topic"], letter["attempts"]) == ("evt_renamed", "identity.renamed", 1)
    assert "unknown outbox topic" in letter["last_error"]
    assert json.loads(runner.invoke(app, ["outbox", "retry-dead"]).stdout) == {"requeued": 1}
    assert status()["due"] == 1

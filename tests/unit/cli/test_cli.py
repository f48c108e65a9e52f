"""The `rastup` CLI: migrate, seed (idempotently, with the load scripts' ids), profile commands, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_CONFIG, EXIT_CONFLICT, EXIT_INVALID, EXIT_NOT_FOUND

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return url


def test_seed_is_idempotent_and_has_the_stable_ids(database: str) -> None:
    first = runner.invoke(app, ["demo", "seed", "--load-profiles", "3"])
    assert first.exit_code == 0 and "9 profiles written" in first.output
    again = runner.invoke(app, ["demo", "seed", "--load-profiles", "3"])
    assert again.exit_code == 0 and "0 profiles written, 9 already present" in again.output
    shown = json.loads(runner.invoke(app, ["profiles", "show", "prf_demo_photographer_la"]).output)
    assert shown["slug"] == "demo-photographer-la" and shown["status"] == "published"
    assert set(shown["roles"]) == {"photographer", "videographer"} and shown["city"] == "los-angeles"


def test_seeded_service_profiles_exist(database: str) -> None:
    from adapters.sqlalchemy.engine import create_database_engine
    from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork

    runner.invoke(app, ["demo", "seed", "--load-profiles", "2"])
    engine = create_database_engine(database)
    with SqlAlchemyProfilesUnitOfWork(engine) as uow:
        assert uow.profiles.get_service("spf_demo").profile_id == "prf_demo_photographer_la"
        assert uow.profiles.get_service("spf_load_002").hourly_rate.currency == "USD"
    engine.dispose()


def test_profile_commands_and_exit_codes(database: str) -> None:
    created = runner.invoke(app, ["profiles", "create", "Ana Diaz", "--role", "photographer", "--role", "model"])
    assert created.exit_code == 0, created.output
    profile = json.loads(created.output)
    edited = runner.invoke(app, ["profiles", "edit", profile["id"], "--version", "1", "--headline", "Portraits"])
    assert edited.exit_code == 0 and json.loads(edited.output)["version"] == 2
    stale = runner.invoke(app, ["profiles", "edit", profile["id"], "--version", "1", "--headline", "lost"])
    assert stale.exit_code == EXIT_CONFLICT and "version 2" in stale.output
    assert runner.invoke(app, ["profiles", "show", "prf_missing"]).exit_code == EXIT_NOT_FOUND
    assert runner.invoke(app, ["profiles", "create", "Bad", "--city", "Not A Slug"]).exit_code == EXIT_INVALID
    listed = runner.invoke(app, ["profiles", "list", "--role", "model"])
    assert [json.loads(line)["id"] for line in listed.output.splitlines()] == [profile["id"]]


def test_bad_arguments_and_bad_configuration_exit_non_zero(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(app, ["profiles", "create", "X", "--role", "wizard"]).exit_code == 2
    assert runner.invoke(app, ["profiles", "list", "--limit", "0"]).exit_code == 2
    monkeypatch.setenv("SEARCH_BACKEND", "elastic")
    failed = runner.invoke(app, ["profiles", "list"])
    assert failed.exit_code == EXIT_CONFIG and "SEARCH_BACKEND" in failed.output


def test_every_command_has_help() -> None:
    for command in (["--help"], ["db", "upgrade", "--help"], ["demo", "seed", "--help"], ["serve", "--help"],
                    ["profiles", "create", "--help"], ["profiles", "list", "--help"]):  # fmt: skip
        result = runner.invoke(app, command)
        assert result.exit_code == 0 and "Usage" in result.output

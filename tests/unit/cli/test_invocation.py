"""One container per `rastup` invocation: built on first use, shared by every step, closed at the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from config.container import Container, build_container
from config.settings import Settings
from entrypoints.cli import invocation
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_CONFIG
from tests.unit.cli.test_bookings_cli import checkout, database

__all__ = ["database"]  # the fixture, shared with the bookings CLI tests

runner = CliRunner()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[Container]:
    """Every container the CLI builds from now on, in order."""
    containers: list[Container] = []

    def recording(settings: Settings | None = None) -> Container:
        containers.append(build_container(settings))
        return containers[-1]

    monkeypatch.setattr(invocation, "build_container", recording)
    return containers


def test_a_command_of_several_steps_builds_one_container_and_closes_it(database: str, built: list[Container]) -> None:
    now = datetime.now(UTC)
    monday = now + timedelta(days=14 - now.weekday())
    requested = checkout(database, "cli_a", "spf_demo", monday.replace(hour=18, minute=0, second=0, microsecond=0), now)
    # cancel reads its idempotency key, cancels, relays the events and shows the booking: once each built a container
    cancelled = runner.invoke(app, ["bookings", "cancel", requested, "--reason", "duplicate"])
    assert cancelled.exit_code == 0, cancelled.output
    assert len(built) == 1
    assert not built[0].engine.initialized  # the invocation's end disposed the engine's pool
    assert runner.invoke(app, ["bookings", "show", requested]).exit_code == 0
    assert len(built) == 2 and built[0] is not built[1]  # the next invocation gets its own


def test_help_and_migrations_build_no_container(tmp_path: object, built: list[Container]) -> None:
    for command in (["--help"], ["bookings", "--help"], ["serve", "--help"], ["db", "upgrade", "--help"]):
        assert runner.invoke(app, command).exit_code == 0
    assert built == []


def test_a_bad_setting_is_reported_by_the_command_not_the_callback(
    monkeypatch: pytest.MonkeyPatch, built: list[Container]
) -> None:
    monkeypatch.setenv("PAYMENTS_BACKEND", "nonsense")
    assert runner.invoke(app, ["--help"]).exit_code == 0  # the callback still lets help through
    failed = runner.invoke(app, ["outbox", "status"])
    assert failed.exit_code == EXIT_CONFIG and "PAYMENTS_BACKEND" in failed.output
    assert built == []


def test_no_container_outside_an_invocation() -> None:
    with pytest.raises(RuntimeError, match="no rastup invocation"):
        invocation.current_container()

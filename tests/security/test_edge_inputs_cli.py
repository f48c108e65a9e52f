"""Bounded input in the CLI (issue 19): the same values as the HTTP bodies get the same bounds, with a message on
stderr and a non-zero exit, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_INVALID, EXIT_USAGE
from tests.unit.cli.cli_world import PASSWORD, migrated_database, runner


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return migrated_database(tmp_path, monkeypatch)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def profile_count() -> int:
    return len(run("profiles", "list")[1].splitlines())  # one JSON object per line


@pytest.mark.parametrize("email", ["ana\x00@example.com", "\u202eana@example.com", "ana@exa\u2066mple.com"])
def test_users_create_refuses_controls_in_an_email(database: str, email: str) -> None:
    code, said = run("users", "create", email, "--password", PASSWORD)
    assert code == EXIT_INVALID and "error: email: must not contain control" in said
    assert run("users", "show", "ana@example.com")[0] != 0  # nothing was created under any spelling


@pytest.mark.parametrize("name", ["Ana\x00Diaz", "Ana\u202eziaD", "Ana\nDiaz", "x" * 100_000])
def test_profiles_create_refuses_bad_names(database: str, name: str) -> None:
    code, said = run("profiles", "create", name)
    assert code == EXIT_INVALID and "error: display_name:" in said
    assert profile_count() == 0


def test_profiles_edit_bounds_the_json_file_and_the_version(database: str, tmp_path: Path) -> None:
    made = json.loads(run("profiles", "create", "Ana Diaz")[1])
    deep = tmp_path / "deep.json"
    deep.write_text('{"headline": ' + "[" * 10_000 + "]" * 10_000 + "}")
    code, said = run("profiles", "edit", made["id"], "--version", "1", "--from-json", str(deep))
    assert code == EXIT_INVALID and "nests deeper than" in said
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"price_min": {"amount": 2**63, "currency": "USD"}}))
    code, said = run("profiles", "edit", made["id"], "--version", "1", "--from-json", str(big))
    assert code == EXIT_INVALID and "price_min.amount" in said
    assert run("profiles", "edit", made["id"], "--version", str(2**63), "--headline", "x")[0] == EXIT_USAGE
    assert json.loads(run("profiles", "show", made["id"])[1])["version"] == 1


def test_services_bound_rates_and_minutes(database: str) -> None:
    made = json.loads(run("profiles", "create", "Ana Diaz", "--role", "photographer")[1])
    for rate in ("1e30", "Infinity", "NaN", "-5"):
        code, said = run("services", "offer", made["id"], "--title", "Portraits", "--rate", rate)
        assert code == EXIT_INVALID and "rate" in said, (rate, said)
    too_long = run("services", "offer", made["id"], "--title", "P", "--rate", "100", "--min-duration", str(2**63))
    assert too_long[0] == EXIT_USAGE
    assert json.loads(run("services", "list", made["id"])[1]) == []


def test_staff_reasons_are_bounded_like_the_bodies(database: str) -> None:
    code, said = run("media", "reject", "med_x", "--staff", "kim", "--reason", "x" * 5000)
    assert code == EXIT_INVALID and "error: reason: at most 2000 characters" in said
    code, said = run("verification", "reject", "ver_x", "--staff", "kim\u202e", "--reason", "blurry")
    assert code == EXIT_INVALID and "error: staff:" in said


def test_calendar_set_schedule_scans_the_file_depth_before_decoding(database: str, tmp_path: Path) -> None:
    made = json.loads(run("profiles", "create", "Ana Diaz")[1])
    deep = tmp_path / "deep-schedule.json"
    deep.write_text('{"zone": "UTC", "rules": ' + "[" * 10_000 + "]" * 10_000 + "}")
    code, said = run("calendar", "set-schedule", made["id"], str(deep))
    assert code == EXIT_INVALID and "nests deeper than" in said
    assert run("calendar", "show-schedule", made["id"])[0] != 0  # nothing was stored

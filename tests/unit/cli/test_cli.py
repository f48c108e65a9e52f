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
    monkeypatch.setenv("IDENTITY_KEY_DIR", str(tmp_path / "keys"))  # queued email is sealed with this key
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return url


def test_seed_is_idempotent_and_has_the_stable_ids(database: str) -> None:
    first = runner.invoke(app, ["demo", "seed", "--load-profiles", "3"])
    assert first.exit_code == 0 and "9 profiles written" in first.output
    again = runner.invoke(app, ["demo", "seed", "--load-profiles", "3"])
    assert again.exit_code == 0 and "0 profiles written, 9 already present" in again.output
    shown = json.loads(runner.invoke(app, ["profiles", "show", "prf_demo_photographer_la"]).stdout)
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
    profile = json.loads(created.stdout)
    edited = runner.invoke(app, ["profiles", "edit", profile["id"], "--version", "1", "--headline", "Portraits"])
    assert edited.exit_code == 0 and json.loads(edited.stdout)["version"] == 2
    stale = runner.invoke(app, ["profiles", "edit", profile["id"], "--version", "1", "--headline", "lost"])
    assert stale.exit_code == EXIT_CONFLICT and "version 2" in stale.output
    assert runner.invoke(app, ["profiles", "show", "prf_missing"]).exit_code == EXIT_NOT_FOUND
    assert runner.invoke(app, ["profiles", "create", "Bad", "--city", "Not A Slug"]).exit_code == EXIT_INVALID
    listed = runner.invoke(app, ["profiles", "list", "--role", "model"])
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [profile["id"]]


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


def test_profile_details_are_edited_from_flags_and_a_json_file(database: str, tmp_path: Path) -> None:
    made = json.loads(runner.invoke(app, ["profiles", "create", "Ana Diaz", "--role", "photographer"]).stdout)
    body = tmp_path / "edit.json"
    body.write_text(json.dumps({"packages": [{"name": "Headshots", "duration_minutes": 60,
                                              "price": {"amount": 18000, "currency": "USD"}}],
                                "price_min": {"amount": 15000, "currency": "USD"}}))  # fmt: skip
    result = runner.invoke(app, ["profiles", "edit", made["id"], "--version", "1", "--tag", "portraits",
                                 "--language", "en", "--from-json", str(body)])  # fmt: skip
    assert result.exit_code == 0, result.output
    edited = json.loads(result.stdout)
    assert edited["version"] == 2 and edited["tags"] == ["portraits"] and edited["languages"] == ["en"]
    assert edited["packages"][0]["price"] == {"amount": 18000, "currency": "USD"}
    body.write_text(json.dumps({"price_min": {"amount": "lots"}}))
    bad = runner.invoke(app, ["profiles", "edit", made["id"], "--version", "2", "--from-json", str(body)])
    assert bad.exit_code == EXIT_INVALID


def test_onboarding_verification_and_digest_commands(database: str) -> None:
    from entrypoints.cli.errors import EXIT_CONFLICT

    runner.invoke(app, ["demo", "seed"])
    status = json.loads(runner.invoke(app, ["onboarding", "status", "prf_demo_photographer_la"]).stdout)
    assert status["wizard"] == "photographer" and status["verification"]["status"] == "approved"
    done = {item["item"] for item in status["score"]["items"] if item["done"]}
    assert {"identity", "schedule", "packages", "pricing"} <= done  # schedule: from the calendar's store
    made = json.loads(runner.invoke(app, ["profiles", "create", "Bo Chen"]).stdout)
    refused = runner.invoke(app, ["onboarding", "publish", made["id"], "--version", "1"])
    assert refused.exit_code == EXIT_INVALID and "missing: headline" in refused.output
    not_yet = runner.invoke(app, ["onboarding", "instant-book", "spf_demo"])
    assert not_yet.exit_code == EXIT_CONFLICT and "not eligible:" in not_yet.output
    assert runner.invoke(app, ["verification", "queue"]).output == ""
    assert runner.invoke(app, ["verification", "approve", "ver_nope", "--staff", "kim"]).exit_code == EXIT_NOT_FOUND
    consent = runner.invoke(app, ["digests", "consent", "prf_demo_photographer_la", "--address", "ana@example.com",
                                  "--quiet", "00:00-00:00"])  # fmt: skip
    assert consent.exit_code == 0, consent.output
    first = json.loads(runner.invoke(app, ["digests", "send", "--week", "2026-W48"]).stdout)
    again = json.loads(runner.invoke(app, ["digests", "send", "--week", "2026-W48"]).stdout)
    assert (first["sent"], again["sent"]) == (1, 0) and again["outcomes"] == {"already-sent": 1}
    queued = [json.loads(line) for line in runner.invoke(app, ["digests", "outbox"]).stdout.splitlines()]
    assert [m["subject"] for m in queued] == ["Your RastUp week 2026-W48"]
    assert runner.invoke(app, ["digests", "send", "--week", "2026-W99"]).exit_code == EXIT_INVALID


def _digest_queued() -> None:
    runner.invoke(app, ["demo", "seed"])
    consent = runner.invoke(app, ["digests", "consent", "prf_demo_photographer_la", "--address", "ana@example.com",
                                  "--quiet", "00:00-00:00"])  # fmt: skip
    assert consent.exit_code == 0, consent.output
    assert json.loads(runner.invoke(app, ["digests", "send", "--week", "2026-W48"]).stdout)["sent"] == 1


def test_a_queued_digest_waits_in_the_database_until_delivery_runs(database: str, tmp_path: Path) -> None:
    """No service runs here: the digest waits in the queue until `rastup delivery run` hands it over."""
    _digest_queued()
    status = json.loads(runner.invoke(app, ["delivery", "status"]).stdout)
    assert status.pop("oldest_waiting_age_s") >= 0  # queued moments ago, by the real clock
    assert status == {"due": 1, "backing_off": 0, "leased": 0, "dead": 0}
    assert not list((tmp_path / "outbox").glob("*.eml"))
    ran = runner.invoke(app, ["delivery", "run"])
    assert ran.exit_code == 0 and json.loads(ran.stdout) == {"delivered": 1, "retrying": 0, "dead": 0}
    (written,) = (tmp_path / "outbox").glob("*.eml")
    text = written.read_text()
    assert "To: ana@example.com" in text and "Subject: Your RastUp week 2026-W48" in text
    after = json.loads(runner.invoke(app, ["delivery", "status"]).stdout)
    assert after["due"] == 0 and after["oldest_waiting_age_s"] is None


def test_a_refused_delivery_backs_off_and_is_not_lost(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _digest_queued()
    monkeypatch.setenv("EMAIL_BACKEND", "smtp")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", "1")  # nothing listens: a transient failure
    refused = runner.invoke(app, ["delivery", "run"])
    assert refused.exit_code == 0 and json.loads(refused.stdout) == {"delivered": 0, "retrying": 1, "dead": 0}
    status = json.loads(runner.invoke(app, ["delivery", "status"]).stdout)
    assert status.pop("oldest_waiting_age_s") >= 0  # still waiting: not delivered, not dead
    assert status == {"due": 0, "backing_off": 1, "leased": 0, "dead": 0}
    assert runner.invoke(app, ["delivery", "dead"]).stdout == ""
    assert json.loads(runner.invoke(app, ["delivery", "requeue-dead"]).stdout) == {"requeued": 0}

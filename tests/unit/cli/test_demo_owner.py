"""`rastup demo seed --owner`: the README's first edit, from a fresh database to an owner's PATCH over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from litestar.testing import TestClient

from config.container import build_container
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_NOT_FOUND
from entrypoints.http.app import create_app
from tests.unit.cli.cli_world import PASSWORD, migrated_database, runner

DEMO = "/api/profiles/prf_demo_photographer_la"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = migrated_database(tmp_path, monkeypatch)
    assert runner.invoke(app, ["demo", "seed"]).exit_code == 0  # what `make run` does
    return url


def test_an_unknown_owner_is_refused_before_anything_is_written(database: str) -> None:
    refused = runner.invoke(app, ["demo", "seed", "--owner", "nobody@example.com"])
    assert refused.exit_code == EXIT_NOT_FOUND and "nobody@example.com" in refused.output
    uow = build_container().profiles_uow()
    with uow.reading():
        assert uow.profiles.get("prf_demo_photographer_la").owner_user_id is None


def test_the_readme_owner_edits_the_demo_profile(database: str) -> None:
    created = runner.invoke(app, ["users", "create", "ana@example.com", "--password", PASSWORD])
    assert created.exit_code == 0, created.output
    given = runner.invoke(app, ["demo", "seed", "--owner", "Ana@Example.com"])
    assert given.exit_code == 0 and "was given 6 profiles" in given.output, given.output
    again = runner.invoke(app, ["demo", "seed", "--owner", "ana@example.com"])
    assert "was given 0 profiles" in again.output  # already hers: nothing to give

    with TestClient(create_app(build_container())) as client:
        edit = {"version": 2, "headline": "Portraits in natural light"}
        assert client.patch(DEMO, json=edit).status_code == 401
        login = {"email": "ana@example.com", "password": PASSWORD, "api_client": True}
        token = client.post("/api/auth/login", json=login).json()["session_token"]
        edited = client.patch(DEMO, json=edit, headers={"Authorization": f"Bearer {token}"})
        assert edited.status_code == 200 and edited.json()["version"] == 3
        assert client.get(f"{DEMO}/onboarding", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_staff_deleting_an_owner_takes_the_owners_pages_down_and_the_export_names_them(database: str) -> None:
    created = [runner.invoke(app, ["users", "create", email, "--password", PASSWORD])
               for email in ("root@example.com", "ana@example.com")]  # fmt: skip
    ana = json.loads(created[1].stdout)["id"]
    assert runner.invoke(app, ["users", "grant-role", "root@example.com", "admin"]).exit_code == 0
    assert runner.invoke(app, ["demo", "seed", "--owner", "ana@example.com"]).exit_code == 0
    consent = ["digests", "consent", "prf_demo_photographer_la", "--address", "ana@example.com"]
    assert runner.invoke(app, consent).exit_code == 0
    assert runner.invoke(app, ["reviews", "reminder-consent", ana, "--time-zone", "Europe/Paris"]).exit_code == 0

    exported = runner.invoke(app, ["users", "export", "ana@example.com", "--as", "root@example.com"])
    assert exported.exit_code == 0, exported.output
    bundle = json.loads(exported.stdout)
    assert bundle["identity"]["account"]["email"] == "ana@example.com" and bundle["bookings"] == {"bookings": []}
    assert "prf_demo_photographer_la" in {p["id"] for p in bundle["profiles"]["profiles"]}
    (prefs,) = bundle["notifications"]["digest_preferences"]
    assert (prefs["recipient_id"], prefs["address"]) == ("prf_demo_photographer_la", "ana@example.com")
    (reminders,) = bundle["notifications"]["reminder_preferences"]
    assert reminders == {"user_id": ana, "reminder_consent": True, "time_zone": "Europe/Paris",
                         "quiet_start_minute": 1320, "quiet_end_minute": 480}  # fmt: skip
    assert bundle["media"] == {"media": []}

    deleted = runner.invoke(app, ["users", "delete", "ana@example.com", "--as", "root@example.com", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    uow = build_container().profiles_uow()
    with uow.reading():
        assert not uow.profiles.get("prf_demo_photographer_la").is_published
    digests = build_container().digests_uow()
    with digests.reading():
        assert digests.preferences.get("prf_demo_photographer_la") is None  # no digest to her address again
        assert digests.reminder_preferences.get(ana) is None  # nor a reminder
    reconciled = runner.invoke(app, ["users", "cleanup-deleted"])
    (done,) = json.loads(reconciled.stdout).values()  # done already at the deletion: nothing left to do
    assert reconciled.exit_code == 0 and done == {
        "profiles_erased": [],
        "media_erased": [],
        "digest_consent_forgotten": [],
        "reminder_consent_forgotten": False,
    }

"""0021c: each profile owner's digest preferences become their per-user reminder preferences, on SQLite and
PostgreSQL; consent is never widened (every profile of theirs must have consented), ownerless profiles stay put."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from alembic import command
from cryptography.fernet import Fernet

from adapters.crypto.fernet_cipher import FernetSecretCipher
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import alembic_config, upgrade
from adapters.sqlalchemy.notifications import SqlAlchemyDigestsUnitOfWork
from core.onboarding.digests import Preferences
from core.onboarding.reminder_preferences import ReminderPreferences
from tests.contracts.profile_repository import draft
from tests.harness import postgres_peer
from tests.harness.peers import _serve

pytestmark = pytest.mark.integration

CIPHER = FernetSecretCipher([Fernet.generate_key().decode()])
OWNED = {1: "usr_ana", 2: "usr_ana", 3: "usr_bo", 4: None, 5: "usr_cy"}  # profile n -> its owner
NUDGES = {1: ("Europe/Paris", True), 2: ("UTC", False), 3: ("Asia/Tokyo", True), 4: ("UTC", True)}  # no 5


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    yield from _serve(postgres_peer.scratch_database())


def _migrates_preferences_per_owner(url: str) -> None:
    upgrade(url)
    engine = create_database_engine(url)
    try:
        with SqlAlchemyDigestsUnitOfWork(engine, CIPHER) as uow:
            for n, owner in OWNED.items():
                uow.profiles.add(attrs.evolve(draft(n), owner_user_id=owner))
            for n, (zone, nudge) in NUDGES.items():
                uow.preferences.put(Preferences(f"prf_{n:04d}", "a@example.com", True, nudge, zone, 60, 420))
            uow.commit()
        command.downgrade(alembic_config(url), "0006")  # as before 0021c: no per-user record
        upgrade(url)
        with SqlAlchemyDigestsUnitOfWork(engine, CIPHER) as uow:
            found = {user: uow.reminder_preferences.get(user) for user in ("usr_ana", "usr_bo", "usr_cy")}
            untouched = uow.preferences.get("prf_0004")
    finally:
        engine.dispose()
    assert found == {
        "usr_ana": ReminderPreferences("usr_ana", False, "Europe/Paris", 60, 420),  # one profile said no
        "usr_bo": ReminderPreferences("usr_bo", True, "Asia/Tokyo", 60, 420),
        "usr_cy": None,  # never consented to anything
    }
    assert untouched is not None and untouched.nudge_consent  # the ownerless profile keeps its own


def test_sqlite_migrates_profile_preferences_to_their_owners(tmp_path: Path) -> None:
    _migrates_preferences_per_owner(f"sqlite:///{tmp_path / 'reminders.db'}")


def test_postgres_migrates_profile_preferences_to_their_owners(fresh_pg_url: str) -> None:
    _migrates_preferences_per_owner(fresh_pg_url)

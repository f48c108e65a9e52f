"""Run the Alembic migrations shipped inside this package, on any database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Migrate the database at ``url`` up to ``revision`` (idempotent: at the heads it does nothing).

    Each context's migrations form their own branch off the shared base revision, so contexts never
    fight over the next revision number; ``heads`` applies every branch.
    """
    command.upgrade(alembic_config(url), revision)


def head_revisions() -> frozenset[str]:
    """The head of every migration branch shipped with this package."""
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database is at (one per applied branch); empty for an empty database."""
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())

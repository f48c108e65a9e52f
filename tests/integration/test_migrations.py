"""Migrations: empty -> head -> base -> head on SQLite and PostgreSQL, and the tables match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import current_revisions, head_revisions, upgrade
from adapters.sqlalchemy.tables import metadata

pytestmark = pytest.mark.integration


def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    from adapters.sqlalchemy.migrate import alembic_config

    command.downgrade(alembic_config(url), revision)


_FULL_TEXT = (
    "search_people_fts", "ix_search_people_tsv", "ix_search_people_trgm", "body_tsv", "ix_search_people_body_tsv",
)  # fmt: skip


def _modelled(name: str | None, type_: str, _parent: object) -> bool:
    """Everything but the dialect's full-text structures, which only the search migrations know (FTS5 tables, the
    GIN indexes, PostgreSQL's generated ``tsvector`` column)."""
    return not (name or "").startswith(_FULL_TEXT)


def _assert_schema_matches_models(url: str) -> None:
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": _modelled})
            assert compare_metadata(context, metadata) == []
        assert current_revisions(engine) == head_revisions()
        assert set(inspect(engine).get_table_names()) >= {t.name for t in metadata.sorted_tables}
    finally:
        engine.dispose()


def _round_trip(url: str) -> None:
    upgrade(url)
    _assert_schema_matches_models(url)
    _downgrade(url, "base")
    engine = create_database_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert current_revisions(engine) == frozenset()
    finally:
        engine.dispose()
    upgrade(url)
    upgrade(url)  # at head, upgrading again changes nothing
    _assert_schema_matches_models(url)


def test_sqlite_migrates_from_empty_to_head_and_back(tmp_path: Path) -> None:
    _round_trip(f"sqlite:///{tmp_path / 'migrations.db'}")


def test_postgres_migrates_from_empty_to_head_and_back(pg_url: str) -> None:
    _round_trip(pg_url)

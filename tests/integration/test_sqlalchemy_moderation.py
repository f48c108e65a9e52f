"""The reports store contract, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from adapters.crypto.fernet_cipher import FernetSecretCipher
from adapters.sqlalchemy.moderation_reports import SqlAlchemyModerationUnitOfWork
from tests.contracts.report_repository import NewModerationUow, ReportRepositoryContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


def _new_uow(engine: Engine) -> NewModerationUow:
    cipher = FernetSecretCipher([Fernet.generate_key().decode()])
    return lambda: SqlAlchemyModerationUnitOfWork(engine, cipher)


class TestSqliteReportRepository(ReportRepositoryContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewModerationUow]:
        for engine in sqlite_engine(tmp_path):
            yield _new_uow(engine)


class TestPostgresReportRepository(ReportRepositoryContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewModerationUow:
        truncate_all(pg_engine)
        return _new_uow(pg_engine)

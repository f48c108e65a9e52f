"""The onboarding and digest-store contracts on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from adapters.crypto.fernet_cipher import FernetSecretCipher
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.notifications import SqlAlchemyDigestsUnitOfWork
from adapters.sqlalchemy.onboarding import SqlAlchemyOnboardingUnitOfWork
from tests.contracts.digest_stores import DigestStoresContract, NewDigestsUow
from tests.contracts.onboarding_repository import NewOnboardingUow, OnboardingRepositoryContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration

CIPHER = FernetSecretCipher([Fernet.generate_key().decode()])


class TestSqliteOnboardingRepositories(OnboardingRepositoryContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewOnboardingUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyOnboardingUnitOfWork, engine)


class TestPostgresOnboardingRepositories(OnboardingRepositoryContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewOnboardingUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyOnboardingUnitOfWork, pg_engine)


class TestSqliteDigestStores(DigestStoresContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewDigestsUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyDigestsUnitOfWork, engine, cipher=CIPHER)


class TestPostgresDigestStores(DigestStoresContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewDigestsUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyDigestsUnitOfWork, pg_engine, cipher=CIPHER)


def test_sql_facts_count_only_approved_portfolio_items(tmp_path: Path) -> None:
    """The completeness fact reads the media repository: approved items count, pending/rejected do not."""
    from adapters.sqlalchemy.media import SqlAlchemyMediaRepository
    from adapters.sqlalchemy.onboarding_facts import SqlAlchemyProfileFacts
    from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
    from tests.contracts.media_repository import NOW, asset, processed
    from tests.contracts.profile_repository import draft

    url = f"sqlite:///{tmp_path / 'facts.db'}"
    upgrade(url)
    engine = create_database_engine(url)
    with SqlAlchemyProfilesUnitOfWork(engine) as uow:
        uow.profiles.add(draft(1))
        uow.commit()
    with engine.begin() as connection:
        assert SqlAlchemyProfileFacts(connection).facts_of("prf_0001").approved_images == 0
        media = SqlAlchemyMediaRepository(connection)
        rejected = processed(2)  # decided: rejected by staff
        approved = processed(3)
        approved.decide(approved=True, staff="kim", reason="fine", now=NOW)
        media.add(asset(1))  # still uploading
        media.add(rejected)
        media.add(approved)
        assert SqlAlchemyProfileFacts(connection).facts_of("prf_0001").approved_images == 1
    engine.dispose()

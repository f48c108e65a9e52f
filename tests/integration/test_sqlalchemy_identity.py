"""The identity store contract on SQLAlchemy (SQLite and PostgreSQL), plus encryption at rest."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, select, text

from adapters.crypto.fernet_cipher import FernetSecretCipher
from adapters.sqlalchemy.identity import SqlAlchemyIdentityUnitOfWork
from adapters.sqlalchemy.tables.identity import identity_users
from core.shared.audit import AuditRecord
from tests.contracts.identity_store import NOW, SECRET, IdentityStoreContract, NewUow, add_user
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration
CIPHER = FernetSecretCipher([Fernet.generate_key().decode()])


class OnSqlite:
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyIdentityUnitOfWork, engine, CIPHER)


class OnPostgres:
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyIdentityUnitOfWork, pg_engine, CIPHER)


class TestSqliteIdentityStore(OnSqlite, IdentityStoreContract):
    pass


class TestPostgresIdentityStore(OnPostgres, IdentityStoreContract):
    pass


def test_the_totp_secret_is_stored_encrypted(tmp_path: Path) -> None:
    for engine in sqlite_engine(tmp_path):
        new_uow = partial(SqlAlchemyIdentityUnitOfWork, engine, CIPHER)
        account = add_user(new_uow)
        account.start_totp(SECRET)
        with new_uow() as uow:
            uow.users.save(account)
            uow.commit()
        with engine.connect() as connection:
            stored = connection.execute(select(identity_users.c.totp_secret_enc)).scalar_one()
        assert SECRET not in stored and CIPHER.decrypt(stored) == SECRET
        other_key = FernetSecretCipher([Fernet.generate_key().decode()])
        with pytest.raises(ValueError), SqlAlchemyIdentityUnitOfWork(engine, other_key) as uow:
            uow.users.get(account.id)


def test_postgres_refuses_to_edit_the_audit_log(pg_engine: Engine) -> None:
    truncate_all(pg_engine)
    with SqlAlchemyIdentityUnitOfWork(pg_engine, CIPHER) as uow:
        uow.audit.append(AuditRecord("system", "user.lock", "usr_1", NOW))
        uow.commit()
    with pytest.raises(Exception, match="append-only"), pg_engine.begin() as connection:
        connection.execute(text("UPDATE identity_audit_log SET actor = 'someone-else'"))

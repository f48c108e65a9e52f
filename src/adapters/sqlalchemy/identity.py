"""Accounts, sessions and OIDC links on SQLAlchemy Core, and the identity unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, bindparam, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy import identity_rows as rows
from adapters.sqlalchemy.identity_security import (
    SqlAlchemyAuditLog,
    SqlAlchemyCodes,
    SqlAlchemyDevices,
    SqlAlchemySignInStates,
    SqlAlchemyTotpReplays,
)
from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new
from adapters.sqlalchemy.tables.identity import (
    identity_oidc_links,
    identity_recovery_codes,
    identity_sessions,
    identity_users,
)
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.identity.model import User
from core.identity.service_ports import SecretCipher
from core.identity.sessions import Session
from core.shared.errors import AlreadyExists, NotFound
from core.shared.unit_of_work import AfterCommit

# The sign-in path's statements, built once: SQLAlchemy caches their compiled SQL anyway, but building a
# statement and its cache key on every call costs ~0.1 ms each, a measurable share of a login (perf/bench_login.py).
_ACCOUNT = select(identity_users, identity_recovery_codes.c.code_hash).outerjoin(
    identity_recovery_codes, identity_recovery_codes.c.user_id == identity_users.c.id
)
_ACCOUNT_BY_ID = _ACCOUNT.where(identity_users.c.id == bindparam("key"))
_ACCOUNT_BY_EMAIL = _ACCOUNT.where(identity_users.c.email == bindparam("key"))
# INSERT ... SELECT the values WHERE the account exists and is not disabled: no separate read of the account
_NEW_SESSION = (
    insert(identity_sessions)
    .from_select(
        [column.name for column in identity_sessions.c],
        select(*[bindparam(column.name, type_=column.type) for column in identity_sessions.c]).where(
            exists().where(identity_users.c.id == bindparam("user_id"), identity_users.c.disabled_at.is_(None))
        ),
    )
    .returning(identity_sessions.c.id)
)  # a row back means inserted (rowcount is not reliable for INSERT ... SELECT)
# Every signed-in request: the session by its token hash, and the same session with its account in one statement
_SESSION_BY_TOKEN = select(identity_sessions).where(identity_sessions.c.token_hash == bindparam("token_hash"))
_SIGNED_IN = (
    select(
        *[column.label(f"session_{column.name}") for column in identity_sessions.c],
        identity_users,
        identity_recovery_codes.c.code_hash,
    )
    .select_from(
        identity_sessions.join(identity_users, identity_users.c.id == identity_sessions.c.user_id).outerjoin(
            identity_recovery_codes, identity_recovery_codes.c.user_id == identity_users.c.id
        )
    )
    .where(identity_sessions.c.token_hash == bindparam("token_hash"))
)


class SqlAlchemyUsers(OnConnection):
    def __init__(self, connection: Connection, cipher: SecretCipher) -> None:
        super().__init__(connection)
        self._cipher = cipher

    def _one(self, query: Select[Any], key: str) -> User | None:
        # one round trip: the account and its (at most 10) recovery-code hashes, one row per hash
        found = self._connection.execute(query, {"key": key}).all()
        if not found:
            return None
        hashes = tuple(sorted(row.code_hash for row in found if row.code_hash is not None))
        return rows.user_from(found[0], hashes, self._cipher)

    def get(self, user_id: str) -> User | None:
        return self._one(_ACCOUNT_BY_ID, user_id)

    def get_by_email(self, email: str) -> User | None:
        return self._one(_ACCOUNT_BY_EMAIL, email)

    def add(self, user: User) -> None:
        insert_new(self._connection, identity_users, rows.user_row(user, self._cipher), "user", user.email)
        self._write_recovery(user)

    def save(self, user: User) -> None:
        values = rows.user_row(user, self._cipher)
        self._connection.execute(update(identity_users).where(identity_users.c.id == user.id).values(values))
        self._write_recovery(user)

    def _write_recovery(self, user: User) -> None:
        self._connection.execute(delete(identity_recovery_codes).where(identity_recovery_codes.c.user_id == user.id))
        if user.recovery_code_hashes:
            values = [{"user_id": user.id, "code_hash": h} for h in user.recovery_code_hashes]
            self._connection.execute(insert(identity_recovery_codes), values)

    def staff(self) -> Sequence[User]:
        # staff are few: filter in Python rather than query JSON differently on each database
        ids = self._connection.execute(
            select(identity_users.c.id, identity_users.c.staff_roles).order_by(identity_users.c.id)
        )
        return [user for row in ids if row.staff_roles and (user := self.get(row.id)) is not None]

    def delete(self, user_id: str) -> None:
        self._connection.execute(delete(identity_users).where(identity_users.c.id == user_id))  # the rest cascades


class SqlAlchemySessions(OnConnection):
    def __init__(self, connection: Connection, cipher: SecretCipher) -> None:
        super().__init__(connection)
        self._cipher = cipher  # the account read with a session carries its decrypted TOTP seed

    def add(self, session: Session) -> None:
        # No savepoint (two round trips on the login path): ids and 256-bit token hashes do not collide
        # in practice, and after ``AlreadyExists`` the unit is rolled back (the port's contract).
        try:
            inserted = self._connection.execute(_NEW_SESSION, rows.row_of(session)).first()
        except IntegrityError:
            raise AlreadyExists("session", session.id) from None
        if inserted is None:
            raise NotFound("user", session.user_id)

    def get(self, session_id: str) -> Session | None:
        row = self._connection.execute(
            select(identity_sessions).where(identity_sessions.c.id == session_id)
        ).one_or_none()
        return None if row is None else rows.from_row(row, Session)

    def get_by_token_hash(self, token_hash: str) -> Session | None:
        row = self._connection.execute(_SESSION_BY_TOKEN, {"token_hash": token_hash}).one_or_none()
        return None if row is None else rows.from_row(row, Session)

    def get_with_account(self, token_hash: str) -> tuple[Session, User] | None:
        found: list[Row[Any]] = list(self._connection.execute(_SIGNED_IN, {"token_hash": token_hash}))
        if not found:
            return None
        hashes = tuple(sorted(row.code_hash for row in found if row.code_hash is not None))
        return rows.session_from(found[0], prefix="session_"), rows.user_from(found[0], hashes, self._cipher)

    def list_for_user(self, user_id: str) -> Sequence[Session]:
        query = (
            select(identity_sessions)
            .where(identity_sessions.c.user_id == user_id)
            .order_by(identity_sessions.c.authenticated_at, identity_sessions.c.id)
        )
        return [rows.from_row(row, Session) for row in self._connection.execute(query)]

    def save(self, session: Session) -> None:
        values = rows.row_of(session)
        self._connection.execute(update(identity_sessions).where(identity_sessions.c.id == session.id).values(values))


class SqlAlchemyOidcLinks(OnConnection):
    def find(self, provider: str, subject: str) -> str | None:
        o = identity_oidc_links.c
        query = select(o.user_id).where(o.provider == provider, o.subject == subject)
        return self._connection.execute(query).scalar_one_or_none()

    def link(self, provider: str, subject: str, user_id: str, now: datetime) -> None:
        values = {"provider": provider, "subject": subject, "user_id": user_id, "linked_at": now}
        insert_new(self._connection, identity_oidc_links, values, "oidc identity", f"{provider}:{subject}")

    def list_for_user(self, user_id: str) -> list[tuple[str, str]]:
        o = identity_oidc_links.c
        query = select(o.provider, o.subject).where(o.user_id == user_id).order_by(o.provider, o.subject)
        return [(row.provider, row.subject) for row in self._connection.execute(query)]


class SqlAlchemyIdentityUnitOfWork(SqlAlchemyUnitOfWork):
    """Every identity repository on the unit's one connection; ``cipher`` encrypts the TOTP seed."""

    users: SqlAlchemyUsers
    sessions: SqlAlchemySessions
    codes: SqlAlchemyCodes
    devices: SqlAlchemyDevices
    sign_in_states: SqlAlchemySignInStates
    totp_replays: SqlAlchemyTotpReplays
    audit: SqlAlchemyAuditLog
    oidc_links: SqlAlchemyOidcLinks

    # After a commit the next transaction begins only if the unit executes again (SQLAlchemy's autobegin; the
    # engine's ``begin`` hook still makes it ``BEGIN IMMEDIATE`` on SQLite). A unit that ends with its commit,
    # as nearly every identity unit does, saves a BEGIN and a ROLLBACK round trip.
    begin_after_commit = False

    def __init__(self, engine: Engine, cipher: SecretCipher, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(engine, after_commit=after_commit)
        self._cipher = cipher

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.users = SqlAlchemyUsers(connection, self._cipher)
        self.sessions = SqlAlchemySessions(connection, self._cipher)
        self.codes = SqlAlchemyCodes(connection)
        self.devices = SqlAlchemyDevices(connection)
        self.sign_in_states = SqlAlchemySignInStates(connection)
        self.totp_replays = SqlAlchemyTotpReplays(connection)
        self.audit = SqlAlchemyAuditLog(connection)
        self.oidc_links = SqlAlchemyOidcLinks(connection)

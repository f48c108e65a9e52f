"""In-memory identity repositories and unit of work: the embedded and test twin of the SQL store."""

from __future__ import annotations

import copy
import threading
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import attrs

from adapters.memory.tables import OnTables
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.identity.codes import CodePurpose, OneTimeCode
from core.identity.devices import Device
from core.identity.model import User
from core.identity.service_ports import IpActivity
from core.identity.sessions import Session
from core.identity.signin import SignInState
from core.shared.audit import AuditEntry, AuditRecord, audit_actors, chained
from core.shared.errors import AlreadyExists, NotFound, VersionConflict
from core.shared.unit_of_work import AfterCommit

Tables = Callable[[str], dict[Any, Any]]


class _Rows(OnTables):
    """Rows are copied in and out, as a database would: unsaved changes never leak."""

    name = ""

    @property
    def rows(self) -> dict[Any, Any]:
        return self._table(f"identity.{self.name}")

    def _load(self, key: Any) -> Any:
        return copy.deepcopy(self.rows.get(key))

    def _store(self, key: Any, row: Any) -> None:
        self.rows[key] = copy.deepcopy(row)

    def _all(self, keep: Callable[[Any], bool]) -> list[Any]:
        return [copy.deepcopy(r) for r in self.rows.values() if keep(r)]


class InMemoryUsers(_Rows):
    name = "users"

    def __init__(self, table: Tables, on_delete: Callable[[str], None]) -> None:
        super().__init__(table)
        self._on_delete = on_delete

    def get(self, user_id: str) -> User | None:
        return self._load(user_id)  # type: ignore[no-any-return]  # rows are Users

    def get_by_email(self, email: str) -> User | None:
        return next(iter(self._all(lambda u: u.email == email)), None)

    def add(self, user: User) -> None:
        if user.id in self.rows or self.get_by_email(user.email) is not None:
            raise AlreadyExists("user", user.email)
        self._store(user.id, user)

    def save(self, user: User) -> None:
        self._store(user.id, user)

    def staff(self) -> Sequence[User]:
        return sorted(self._all(lambda u: bool(u.staff_roles)), key=lambda u: u.id)

    def delete(self, user_id: str) -> None:
        if self.rows.pop(user_id, None) is not None:
            self._on_delete(user_id)


class InMemorySessions(_Rows):
    name = "sessions"

    def add(self, session: Session) -> None:
        account = self._table("identity.users").get(session.user_id)
        if account is None or account.disabled_at is not None:
            raise NotFound("user", session.user_id)
        if session.id in self.rows or self.get_by_token_hash(session.token_hash) is not None:
            raise AlreadyExists("session", session.id)
        self._store(session.id, session)

    def get(self, session_id: str) -> Session | None:
        return self._load(session_id)  # type: ignore[no-any-return]  # rows are Sessions

    def get_by_token_hash(self, token_hash: str) -> Session | None:
        return next(iter(self._all(lambda s: s.token_hash == token_hash)), None)

    def get_with_account(self, token_hash: str) -> tuple[Session, User] | None:
        session = self.get_by_token_hash(token_hash)
        account = None if session is None else self._table("identity.users").get(session.user_id)
        return None if session is None or account is None else (session, copy.deepcopy(account))

    def list_for_user(self, user_id: str) -> Sequence[Session]:
        return sorted(self._all(lambda s: s.user_id == user_id), key=lambda s: (s.authenticated_at, s.id))

    def save(self, session: Session) -> None:
        self._store(session.id, session)


class InMemoryCodes(_Rows):
    name = "codes"

    def put(self, code: OneTimeCode) -> None:
        self._store((code.user_id, code.purpose), code)

    def get(self, user_id: str, purpose: CodePurpose) -> OneTimeCode | None:
        return self._load((user_id, purpose))  # type: ignore[no-any-return]  # rows are codes

    def delete(self, user_id: str, purpose: CodePurpose) -> None:
        self.rows.pop((user_id, purpose), None)


class InMemoryDevices(_Rows):
    name = "devices"

    def find(self, user_id: str, ua_family: str, ip_prefix: str) -> Device | None:
        return self._load((user_id, ua_family, ip_prefix))  # type: ignore[no-any-return]  # rows are Devices

    def list_for_user(self, user_id: str) -> Sequence[Device]:
        return sorted(self._all(lambda d: d.user_id == user_id), key=lambda d: (d.first_seen_at, d.id))

    def add(self, device: Device) -> None:
        key = (device.user_id, device.ua_family, device.ip_prefix)
        if key in self.rows or any(d.id == device.id for d in self.rows.values()):
            raise AlreadyExists("device", device.id)
        self._store(key, device)

    def save(self, device: Device) -> None:
        self._store((device.user_id, device.ua_family, device.ip_prefix), device)


class InMemorySignInStates(_Rows):
    name = "sign_in_states"

    def get(self, login_key: str) -> SignInState:
        return self._load(login_key) or SignInState(login_key)  # type: ignore[no-any-return]  # rows are states

    def save(self, state: SignInState) -> None:
        stored = self.rows.get(state.login_key)
        current = 0 if stored is None else stored.version
        if current != state.version:
            raise VersionConflict("sign-in state", state.login_key, state.version, current)
        self._store(state.login_key, attrs.evolve(state, version=current + 1))

    def delete(self, login_key: str) -> None:
        self.rows.pop(login_key, None)


class InMemoryTotpReplays(_Rows):
    name = "totp_replays"

    def claim(self, user_id: str, time_step: int, now: datetime) -> bool:
        if (user_id, time_step) in self.rows:
            return False
        self.rows[(user_id, time_step)] = now
        return True


class InMemoryAuditLog(_Rows):
    name = "audit"

    def append(self, record: AuditRecord) -> AuditEntry:
        previous = self.rows[len(self.rows)] if self.rows else None
        entry = chained(previous, record)
        self.rows[entry.seq] = entry
        return entry

    def entries(self) -> Sequence[AuditEntry]:
        return [self.rows[seq] for seq in sorted(self.rows)]

    def about(self, party: str, limit: int) -> Sequence[AuditEntry]:
        actors = audit_actors(party)
        found = [e for e in self.rows.values() if e.record.actor in actors or e.record.subject == party]
        return sorted(found, key=lambda e: e.seq, reverse=True)[:limit]


class InMemoryOidcLinks(_Rows):
    name = "oidc_links"

    def find(self, provider: str, subject: str) -> str | None:
        return self.rows.get((provider, subject))

    def link(self, provider: str, subject: str, user_id: str, now: datetime) -> None:
        if (provider, subject) in self.rows:
            raise AlreadyExists("oidc identity", f"{provider}:{subject}")
        self.rows[(provider, subject)] = user_id

    def list_for_user(self, user_id: str) -> list[tuple[str, str]]:
        return sorted(key for key, owner in self.rows.items() if owner == user_id)


class InMemoryIdentityUnitOfWork(InMemoryUnitOfWork):
    """The identity tables over an ``InMemoryDatabase``; share the database to share the data."""

    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        table = self.database.table
        self.sessions = InMemorySessions(table)
        self.codes = InMemoryCodes(table)
        self.devices = InMemoryDevices(table)
        self.sign_in_states = InMemorySignInStates(table)
        self.totp_replays = InMemoryTotpReplays(table)
        self.audit = InMemoryAuditLog(table)
        self.oidc_links = InMemoryOidcLinks(table)
        self.users = InMemoryUsers(table, self._erase_owned)

    def _erase_owned(self, user_id: str) -> None:
        """What the SQL foreign keys cascade: everything keyed by the user."""
        for rows in (self.sessions.rows, self.devices.rows):
            for key in [k for k, row in rows.items() if row.user_id == user_id]:
                del rows[key]
        for rows in (self.codes.rows, self.totp_replays.rows):
            for key in [k for k in rows if k[0] == user_id]:
                del rows[key]
        for key in [k for k, owner in self.oidc_links.rows.items() if owner == user_id]:
            del self.oidc_links.rows[key]


class InMemoryLoginTelemetry:
    """Recent sign-in attempts per IP, in this process (per worker: each worker sees its own traffic).

    Keeps at most ``max_attempts`` attempts in total, oldest dropped first, so a flood cannot grow it.
    """

    def __init__(self, max_attempts: int = 100_000) -> None:
        self._attempts: deque[tuple[str, str, datetime]] = deque(maxlen=max_attempts)
        self._lock = threading.Lock()

    def record_attempt(self, ip: str, login_key: str, now: datetime) -> None:
        with self._lock:
            self._attempts.append((ip, login_key, now))

    def ip_activity(self, ip: str, window_s: int, now: datetime) -> IpActivity:
        with self._lock:
            recent = [k for i, k, at in self._attempts if i == ip and (now - at).total_seconds() < window_s]
        return IpActivity(len(recent), len(set(recent)))

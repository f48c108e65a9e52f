"""Sign-in security records on SQLAlchemy Core: one-time codes, devices, sign-in states, TOTP replays, audit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy import identity_rows as rows
from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new
from adapters.sqlalchemy.tables.identity import (
    identity_audit_log,
    identity_codes,
    identity_devices,
    identity_sign_in_states,
    identity_totp_replays,
)
from core.identity.codes import CodePurpose, OneTimeCode
from core.identity.devices import Device
from core.identity.signin import SignInState
from core.shared.audit import AuditEntry, AuditRecord, audit_actors, chained
from core.shared.errors import VersionConflict

# statements on the sign-in path, built once (see identity.py)

_STATE = select(identity_sign_in_states).where(identity_sign_in_states.c.login_key == bindparam("key"))
_DEVICES_OF = (
    select(identity_devices)
    .where(identity_devices.c.user_id == bindparam("key"))
    .order_by(identity_devices.c.first_seen_at, identity_devices.c.id)
)
_DEVICE_SEEN = update(identity_devices).where(identity_devices.c.id == bindparam("device_key"))

_AUDIT_LOCK = 0x1D_A0D17  # pg_advisory_xact_lock key: one audit append at a time, so the chain never forks


class SqlAlchemyCodes(OnConnection):
    def put(self, code: OneTimeCode) -> None:
        self.delete(code.user_id, code.purpose)
        self._connection.execute(insert(identity_codes).values(rows.row_of(code)))

    def get(self, user_id: str, purpose: CodePurpose) -> OneTimeCode | None:
        query = select(identity_codes).where(
            identity_codes.c.user_id == user_id, identity_codes.c.purpose == purpose.value
        )
        row = self._connection.execute(query).one_or_none()
        return None if row is None else rows.from_row(row, OneTimeCode)

    def delete(self, user_id: str, purpose: CodePurpose) -> None:
        self._connection.execute(
            delete(identity_codes).where(identity_codes.c.user_id == user_id, identity_codes.c.purpose == purpose.value)
        )


class SqlAlchemyDevices(OnConnection):
    def find(self, user_id: str, ua_family: str, ip_prefix: str) -> Device | None:
        d = identity_devices.c
        query = select(identity_devices).where(d.user_id == user_id, d.ua_family == ua_family, d.ip_prefix == ip_prefix)
        row = self._connection.execute(query).one_or_none()
        return None if row is None else rows.from_row(row, Device)

    def list_for_user(self, user_id: str) -> Sequence[Device]:
        return [rows.from_row(row, Device) for row in self._connection.execute(_DEVICES_OF, {"key": user_id}).all()]

    def add(self, device: Device) -> None:
        insert_new(self._connection, identity_devices, rows.row_of(device), "device", device.id)

    def save(self, device: Device) -> None:
        self._connection.execute(_DEVICE_SEEN, {"device_key": device.id, **rows.row_of(device)})


class SqlAlchemySignInStates(OnConnection):
    """Versioned rows: ``save`` is an atomic ``UPDATE ... WHERE version = :read`` (or a first INSERT)."""

    def get(self, login_key: str) -> SignInState:
        row = self._connection.execute(_STATE, {"key": login_key}).one_or_none()
        return SignInState(login_key) if row is None else rows.state_from(row)

    def save(self, state: SignInState) -> None:
        s = identity_sign_in_states.c
        if state.version == 0:
            try:
                with self._connection.begin_nested():
                    values = {"login_key": state.login_key, "version": 1, **rows.state_values(state)}
                    self._connection.execute(insert(identity_sign_in_states).values(values))
                return
            except IntegrityError:
                raise VersionConflict("sign-in state", state.login_key, 0, self.get(state.login_key).version) from None
        statement = (
            update(identity_sign_in_states)
            .where(s.login_key == state.login_key, s.version == state.version)
            .values(version=s.version + 1, **rows.state_values(state))
        )
        if self._connection.execute(statement).rowcount != 1:
            raise VersionConflict("sign-in state", state.login_key, state.version, self.get(state.login_key).version)

    def delete(self, login_key: str) -> None:
        self._connection.execute(
            delete(identity_sign_in_states).where(identity_sign_in_states.c.login_key == login_key)
        )


class SqlAlchemyTotpReplays(OnConnection):
    def claim(self, user_id: str, time_step: int, now: datetime) -> bool:
        try:
            with self._connection.begin_nested():
                self._connection.execute(
                    insert(identity_totp_replays).values(user_id=user_id, time_step=time_step, used_at=now)
                )
        except IntegrityError:
            return False
        return True


class SqlAlchemyAuditLog(OnConnection):
    def append(self, record: AuditRecord) -> AuditEntry:
        if self._connection.dialect.name == "postgresql":
            self._connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _AUDIT_LOCK})
        # SQLite transactions begin IMMEDIATE (engine.py): appends are already serialised there.
        last = self._connection.execute(
            select(identity_audit_log).order_by(identity_audit_log.c.seq.desc()).limit(1)
        ).first()
        entry = chained(None if last is None else rows.audit_from(last), record)
        self._connection.execute(insert(identity_audit_log).values(rows.audit_row(entry)))
        return entry

    def entries(self) -> Sequence[AuditEntry]:
        query = select(identity_audit_log).order_by(identity_audit_log.c.seq)
        return [rows.audit_from(row) for row in self._connection.execute(query)]

    def about(self, party: str, limit: int) -> Sequence[AuditEntry]:
        log = identity_audit_log
        query = (
            select(log)
            .where(or_(log.c.actor.in_(audit_actors(party)), log.c.subject == party))
            .order_by(log.c.seq.desc())
            .limit(limit)
        )
        return [rows.audit_from(row) for row in self._connection.execute(query)]

"""Row <-> domain mapping for the identity tables by a private cattrs converter; the TOTP seed is encrypted here."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar, cast

import cattrs
from sqlalchemy import Row

from core.identity.codes import OneTimeCode
from core.identity.devices import Device
from core.identity.model import User
from core.identity.service_ports import SecretCipher
from core.identity.sessions import Session
from core.identity.signin import SignInState
from core.shared.audit import AuditEntry, AuditRecord

# Sessions, codes and devices map field for column; a user adds its encrypted seed and recovery hashes. The
# column types already hand back aware UTC datetimes, so datetimes pass through as they are.
_rows = cattrs.Converter()
_Mapped = TypeVar("_Mapped", Session, OneTimeCode, Device)
_rows.register_structure_hook(datetime, lambda value, _: value)


def row_of(value: Session | OneTimeCode | Device) -> dict[str, Any]:
    """The column values of a session, a one-time code or a device."""
    return cast("dict[str, Any]", _rows.unstructure(value))


def from_row(row: Row[Any], kind: type[_Mapped]) -> _Mapped:
    """A session, a one-time code or a device read back from its row."""
    return _rows.structure(row._mapping, kind)


def session_from(row: Row[Any], *, prefix: str) -> Session:
    """A session read back from a row that carries its columns as ``<prefix><column>`` (joined with its account)."""
    values = {key[len(prefix) :]: value for key, value in row._mapping.items() if key.startswith(prefix)}
    return _rows.structure(values, Session)


def user_row(user: User, cipher: SecretCipher) -> dict[str, Any]:
    values = _rows.unstructure(user)
    del values["totp_secret"], values["recovery_code_hashes"]  # the seed is stored encrypted; hashes have a table
    values["totp_secret_enc"] = None if user.totp_secret is None else cipher.encrypt(user.totp_secret)
    values["staff_roles"] = list(user.staff_roles)
    return cast("dict[str, Any]", values)


def user_from(row: Row[Any], recovery_hashes: tuple[str, ...], cipher: SecretCipher) -> User:
    totp_secret = None if row.totp_secret_enc is None else cipher.decrypt(row.totp_secret_enc)
    values = {**row._mapping, "totp_secret": totp_secret, "recovery_code_hashes": recovery_hashes}
    return _rows.structure(values, User)


def state_from(row: Row[Any]) -> SignInState:
    return SignInState(
        login_key=row.login_key,
        failures=tuple(datetime.fromisoformat(at) for at in row.failures),
        locked_until=row.locked_until,
        version=row.version,
    )


def state_values(state: SignInState) -> dict[str, Any]:
    return {"failures": [at.isoformat() for at in state.failures], "locked_until": state.locked_until}


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    record = entry.record
    return {
        "seq": entry.seq,
        "actor": record.actor,
        "action": record.action,
        "subject": record.subject,
        "at": record.at,
        "source": record.source,
        "details": [list(pair) for pair in record.details],
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def audit_from(row: Row[Any]) -> AuditEntry:
    details = tuple((str(k), str(v)) for k, v in row.details)
    record = AuditRecord(row.actor, row.action, row.subject, row.at, row.source, details)
    return AuditEntry(row.seq, record, row.prev_hash, row.hash)

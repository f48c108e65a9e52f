"""Row <-> domain mapping for the identity tables (explicit, no ORM); the TOTP seed is encrypted here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from core.identity.audit import AuditEntry, AuditRecord
from core.identity.codes import CodePurpose, OneTimeCode
from core.identity.devices import Device
from core.identity.model import User
from core.identity.service_ports import SecretCipher
from core.identity.sessions import Session
from core.identity.signin import SignInState


def user_row(user: User, cipher: SecretCipher) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "password_hash": user.password_hash,
        "created_at": user.created_at,
        "email_verified_at": user.email_verified_at,
        "password_changed_at": user.password_changed_at,
        "totp_secret_enc": None if user.totp_secret is None else cipher.encrypt(user.totp_secret),
        "totp_confirmed_at": user.totp_confirmed_at,
        "staff_roles": list(user.staff_roles),
        "disabled_at": user.disabled_at,
        "payout_destination_ref": user.payout_destination_ref,
        "phone_e164": user.phone_e164,
        "phone_verified_at": user.phone_verified_at,
    }


def user_from(row: Row[Any], recovery_hashes: tuple[str, ...], cipher: SecretCipher) -> User:
    return User(
        id=row.id,
        email=row.email,
        password_hash=row.password_hash,
        created_at=row.created_at,
        email_verified_at=row.email_verified_at,
        password_changed_at=row.password_changed_at,
        totp_secret=None if row.totp_secret_enc is None else cipher.decrypt(row.totp_secret_enc),
        totp_confirmed_at=row.totp_confirmed_at,
        recovery_code_hashes=recovery_hashes,
        staff_roles=tuple(row.staff_roles),
        disabled_at=row.disabled_at,
        payout_destination_ref=row.payout_destination_ref,
        phone_e164=row.phone_e164,
        phone_verified_at=row.phone_verified_at,
    )


def session_row(session: Session) -> dict[str, Any]:
    return {
        "id": session.id,
        "user_id": session.user_id,
        "token_hash": session.token_hash,
        "device_id": session.device_id,
        "authenticated_at": session.authenticated_at,
        "last_seen_at": session.last_seen_at,
        "mfa_pending": session.mfa_pending,
        "second_factor_at": session.second_factor_at,
        "revoked_at": session.revoked_at,
    }


def session_from(row: Row[Any]) -> Session:
    return Session(
        id=row.id,
        user_id=row.user_id,
        token_hash=row.token_hash,
        device_id=row.device_id,
        authenticated_at=row.authenticated_at,
        last_seen_at=row.last_seen_at,
        mfa_pending=row.mfa_pending,
        second_factor_at=row.second_factor_at,
        revoked_at=row.revoked_at,
    )


def code_row(code: OneTimeCode) -> dict[str, Any]:
    return {
        "user_id": code.user_id,
        "purpose": code.purpose.value,
        "code_hash": code.code_hash,
        "expires_at": code.expires_at,
        "attempts_left": code.attempts_left,
        "used_at": code.used_at,
    }


def code_from(row: Row[Any]) -> OneTimeCode:
    return OneTimeCode(
        user_id=row.user_id,
        purpose=CodePurpose(row.purpose),
        code_hash=row.code_hash,
        expires_at=row.expires_at,
        attempts_left=row.attempts_left,
        used_at=row.used_at,
    )


def device_row(device: Device) -> dict[str, Any]:
    return {
        "id": device.id,
        "user_id": device.user_id,
        "ua_family": device.ua_family,
        "ip_prefix": device.ip_prefix,
        "first_seen_at": device.first_seen_at,
        "last_seen_at": device.last_seen_at,
        "country": device.country,
        "asn": device.asn,
    }


def device_from(row: Row[Any]) -> Device:
    return Device(
        id=row.id,
        user_id=row.user_id,
        ua_family=row.ua_family,
        ip_prefix=row.ip_prefix,
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
        country=row.country,
        asn=row.asn,
    )


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

"""The user's own account: a data export and deletion, both behind a fresh second factor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from core.identity.commands import DeleteAccount, ExportAccount
from core.identity.errors import OpenCommitments as OpenCommitmentsError
from core.identity.errors import SessionInvalid
from core.identity.events import AccountDeleted, AccountExported
from core.identity.handlers.sessions import acting_session, authenticate
from core.identity.ports import ExportSource, IdentityUnitOfWork, OpenCommitments
from core.identity.services import IdentityServices
from core.identity.step_up import SensitiveAction, ensure_stepped_up, requires_step_up
from core.shared.audit import AuditRecord

EXPORT_FORMAT = "rastup-account-export/1"


def identity_bundle(user_id: str, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """Everything identity holds about ``user_id``, JSON-ready, secrets and hashes left out. Call inside ``uow``."""
    user = uow.users.get(user_id)
    if user is None:
        raise SessionInvalid()
    state = uow.sign_in_states.get(user.email)
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "created_at": user.created_at.isoformat(),
            "email_verified_at": _iso(user.email_verified_at),
            "password_changed_at": _iso(user.password_changed_at),
            "totp_enabled_at": _iso(user.totp_confirmed_at),
            "recovery_codes_left": len(user.recovery_code_hashes),
            "staff_roles": list(user.staff_roles),
            "disabled_at": _iso(user.disabled_at),
            "payout_destination_ref": user.payout_destination_ref,
            "payout_destination_changed_at": _iso(user.payout_destination_changed_at),
            "phone": user.phone_e164,
            "phone_verified_at": _iso(user.phone_verified_at),
        },
        "sessions": [
            {
                "id": s.id,
                "device_id": s.device_id,
                "authenticated_at": s.authenticated_at.isoformat(),
                "last_seen_at": s.last_seen_at.isoformat(),
                "revoked_at": _iso(s.revoked_at),
            }
            for s in uow.sessions.list_for_user(user.id)
        ],
        "devices": [
            {
                "id": d.id,
                "ua_family": d.ua_family,
                "ip_prefix": d.ip_prefix,
                "country": d.country,
                "asn": d.asn,
                "first_seen_at": d.first_seen_at.isoformat(),
                "last_seen_at": d.last_seen_at.isoformat(),
            }
            for d in uow.devices.list_for_user(user.id)
        ],
        "recent_failed_sign_ins": [at.isoformat() for at in state.failures],
        "audit": [
            {"seq": e.seq, "action": e.record.action, "at": e.record.at.isoformat(), "source": e.record.source}
            for e in uow.audit.entries()
            if e.record.subject == user.id
        ],
    }


def export_account(
    cmd: ExportAccount, uow: IdentityUnitOfWork, svc: IdentityServices, sources: Sequence[ExportSource]
) -> dict[str, Any]:
    """The actor's data export, every context's share (``sources``) included. Raises ``SessionInvalid`` (also for a
    session not the actor's) or ``StepUpRequired`` (second factor older than 5 minutes)."""
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    now = svc.clock.now()
    ensure_stepped_up(session, SensitiveAction.DATA_EXPORT_VIEW, now)
    with uow:
        bundle = identity_bundle(session.user_id, uow)
        uow.audit.append(AuditRecord(session.user_id, "account.export", session.user_id, now, "self"))
        uow.record(AccountExported(session.user_id, now))
        uow.commit()
    return data_export(session.user_id, bundle, now, sources)


def data_export(
    user_id: str, identity: dict[str, Any], now: datetime, sources: Sequence[ExportSource]
) -> dict[str, Any]:
    """The whole export: identity's bundle and every other context's share (its ``ExportSource``, by name)."""
    return {
        "format": EXPORT_FORMAT,
        "generated_at": now.isoformat(),
        "identity": identity,
        **{source.name: source.export(user_id) for source in sources},
    }


@attrs.frozen
class DeletionPreview:
    """What stands between me and deleting my account: open commitments, and a second factor to prove."""

    open_items: tuple[str, ...]
    step_up_required: bool

    @property
    def can_delete(self) -> bool:
        return not self.open_items and not self.step_up_required

    def members(self) -> dict[str, object]:
        """As problem+json members (``DeletionUnconfirmed``) and the preview route's body."""
        return {"open_items": list(self.open_items), "step_up_required": self.step_up_required,
                "can_delete": self.can_delete}  # fmt: skip


def deletion_preview(
    token: str, uow: IdentityUnitOfWork, svc: IdentityServices, commitments: Sequence[OpenCommitments] = ()
) -> DeletionPreview:
    """Before deleting: what is still open and whether a fresh second factor is needed. Raises ``SessionInvalid``.

    Changes nothing; the same checks run again at deletion."""
    session = authenticate(token, uow, svc)
    items = tuple(item for check in commitments for item in check.open_items(session.user_id))
    return DeletionPreview(items, requires_step_up(session, SensitiveAction.ACCOUNT_DELETION, svc.clock.now()))


def delete_account(
    cmd: DeleteAccount, uow: IdentityUnitOfWork, svc: IdentityServices, commitments: Sequence[OpenCommitments]
) -> None:
    """Delete the actor's account. Raises ``SessionInvalid`` (also for a session not the actor's),
    ``StepUpRequired`` or ``OpenCommitments`` (naming what is open, per ``commitments``). Records
    ``AccountDeleted`` for search, media and messaging to act on."""
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    now = svc.clock.now()
    ensure_stepped_up(session, SensitiveAction.ACCOUNT_DELETION, now)
    erase_account(session.user_id, session.user_id, "self", uow, svc, commitments)


def erase_account(
    user_id: str,
    actor: str,
    source: str,
    uow: IdentityUnitOfWork,
    svc: IdentityServices,
    commitments: Sequence[OpenCommitments] = (),
) -> None:
    """Erase ``user_id`` (after the caller's authorisation). Raises ``OpenCommitments``."""
    items = [item for check in commitments for item in check.open_items(user_id)]
    if items:
        raise OpenCommitmentsError(tuple(items))
    now = svc.clock.now()
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            return
        uow.users.delete(user.id)
        uow.sign_in_states.delete(user.email)
        uow.audit.append(AuditRecord(actor, "account.delete", user.id, now, source))
        uow.record(AccountDeleted(user.id, now))
        uow.commit()


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())

"""Operator commands on other people's accounts: RBAC first (``core.identity.staff``), every change audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.identity.errors import PasswordRefused
from core.identity.events import AccountLockedByStaff, SessionsRevoked, UserSignedUp
from core.identity.handlers.account import data_export, erase_account, identity_bundle
from core.identity.model import User, normalise_email, validated_email
from core.identity.passwords import check_password, normalise_password
from core.identity.ports import ExportSource, IdentityUnitOfWork, OpenCommitments
from core.identity.services import IdentityServices
from core.identity.staff import (
    CreateUser,
    DeleteUser,
    ExportUser,
    GrantRole,
    OperatorAction,
    RevokeUserSessions,
    SetUserLocked,
    StaffRole,
    authorize,
)
from core.shared.audit import AuditRecord, first_broken
from core.shared.errors import AlreadyExists, NotFound

SOURCE = "cli"


def _actor(staff_email: str, action: OperatorAction, uow: IdentityUnitOfWork) -> User:
    """The staff account acting, if its stored roles grant ``action``. Call inside the command's unit of work."""
    return authorize(uow.users.get_by_email(normalise_email(staff_email)), action)


def account_by_email(email: str, uow: IdentityUnitOfWork) -> User:
    """The account with this email, read in the caller's unit. Raises ``NotFound``."""
    user = uow.users.get_by_email(normalise_email(email))
    if user is None:
        raise NotFound("user", normalise_email(email))
    return user


def _audit(uow: IdentityUnitOfWork, svc: IdentityServices, actor: User | None, action: str, subject: str,
           **details: str) -> None:  # fmt: skip
    who = "bootstrap" if actor is None else f"operator:{actor.id}"
    uow.audit.append(AuditRecord(who, action, subject, svc.clock.now(), SOURCE, tuple(sorted(details.items()))))


def create_user(cmd: CreateUser, uow: IdentityUnitOfWork, svc: IdentityServices) -> User:
    """Create a verified account. ``cmd.staff_email`` may be ``None`` only while no admin exists (bootstrap)."""
    address = validated_email(cmd.email)
    verdict = check_password(cmd.password, email=address, has_second_factor=False, policy=svc.settings.password,
                             strength=svc.strength, breached=svc.breached)  # fmt: skip
    if not verdict.accepted:
        raise PasswordRefused(verdict.refusals)
    password_hash = svc.hasher.hash(normalise_password(cmd.password))
    now = svc.clock.now()
    with uow:
        actor = _bootstrap_or(cmd.staff_email, OperatorAction.CREATE, uow)
        if uow.users.get_by_email(address) is not None:
            raise AlreadyExists("user", address)
        user = User.sign_up(svc.ids.new_id("usr"), address, password_hash, now)
        user.verify_email(now)
        uow.users.add(user)
        _audit(uow, svc, actor, "user.create", user.id)
        uow.record(UserSignedUp(user.id, now))
        uow.commit()
    return user


def _bootstrap_or(staff_email: str | None, action: OperatorAction, uow: IdentityUnitOfWork) -> User | None:
    admins = [u for u in uow.users.staff() if StaffRole.ADMIN.value in u.staff_roles]
    if staff_email is None and not admins:
        return None  # the very first admin is made from the shell that owns the database
    return _actor(staff_email or "", action, uow)


def show_user(staff_email: str, email: str, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """The account's status (no secrets, no hashes), if ``staff_email``'s roles grant ``show``."""
    with uow.reading():
        _actor(staff_email, OperatorAction.SHOW, uow)
        return identity_bundle(account_by_email(email, uow).id, uow)["account"]  # type: ignore[no-any-return]  # a dict


def set_locked(cmd: SetUserLocked, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Lock (sign-in refused, sessions revoked) or unlock (also clears failed attempts)."""
    now, locked = svc.clock.now(), cmd.locked
    with uow:
        actor = _actor(cmd.staff_email, OperatorAction.LOCK if locked else OperatorAction.UNLOCK, uow)
        user = account_by_email(cmd.email, uow)
        if locked:
            user.disable(now)
            revoked = _revoke_all(user.id, uow, svc)
            uow.record(SessionsRevoked(user.id, revoked, "locked-by-staff", now))
            uow.record(AccountLockedByStaff(user.id, actor.id, now))
        else:
            user.enable()
            uow.sign_in_states.save(uow.sign_in_states.get(user.email).cleared())
        uow.users.save(user)
        _audit(uow, svc, actor, "user.lock" if locked else "user.unlock", user.id)
        uow.commit()


def grant_role(cmd: GrantRole, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    with uow:
        actor = _bootstrap_or(cmd.staff_email, OperatorAction.GRANT_ROLE, uow)
        user = account_by_email(cmd.email, uow)
        user.grant_role(cmd.role.value)
        uow.users.save(user)
        _audit(uow, svc, actor, "user.grant-role", user.id, role=cmd.role.value)
        uow.commit()


def revoke_sessions(cmd: RevokeUserSessions, uow: IdentityUnitOfWork, svc: IdentityServices) -> int:
    with uow:
        actor = _actor(cmd.staff_email, OperatorAction.REVOKE_SESSIONS, uow)
        user = account_by_email(cmd.email, uow)
        revoked = _revoke_all(user.id, uow, svc)
        uow.record(SessionsRevoked(user.id, revoked, "revoked-by-staff", svc.clock.now()))
        _audit(uow, svc, actor, "user.revoke-sessions", user.id, count=str(len(revoked)))
        uow.commit()
    return len(revoked)


def export_user(
    cmd: ExportUser, uow: IdentityUnitOfWork, svc: IdentityServices, sources: Sequence[ExportSource]
) -> dict[str, Any]:
    """The user's whole data export, as they would download it (a data subject request handled by staff)."""
    with uow:
        actor = _actor(cmd.staff_email, OperatorAction.EXPORT, uow)
        user = account_by_email(cmd.email, uow)
        bundle = identity_bundle(user.id, uow)
        _audit(uow, svc, actor, "user.export", user.id)
        uow.commit()
    return data_export(user.id, bundle, svc.clock.now(), sources)


def delete_user(
    cmd: DeleteUser, uow: IdentityUnitOfWork, svc: IdentityServices, commitments: Sequence[OpenCommitments]
) -> None:
    """Erase the account as staff. Raises ``OpenCommitments`` like self-service deletion: cancel first."""
    with uow:
        actor = _actor(cmd.staff_email, OperatorAction.DELETE, uow)
        user = account_by_email(cmd.email, uow)
    erase_account(user.id, f"operator:{actor.id}", SOURCE, uow, svc, commitments)


def verify_audit(uow: IdentityUnitOfWork) -> tuple[int, int | None]:
    """(entries checked, seq of the first broken entry or ``None`` when the chain holds)."""
    with uow.reading():
        entries = list(uow.audit.entries())
    return len(entries), first_broken(entries)


def _revoke_all(user_id: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> tuple[str, ...]:
    now, revoked = svc.clock.now(), []
    for session in uow.sessions.list_for_user(user_id):
        if session.revoked_at is None:
            session.revoke(now)
            uow.sessions.save(session)
            revoked.append(session.id)
    return tuple(revoked)

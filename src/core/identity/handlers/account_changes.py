"""Stepped-up account changes: password (revokes other sessions) and email (proven by a code to the new one)."""

from __future__ import annotations

from core.identity.codes import CodePurpose
from core.identity.commands import ChangePassword, ConfirmEmailChange, RequestEmailChange
from core.identity.errors import InvalidCode, InvalidCredentials
from core.identity.events import BreachCheckDegraded, EmailChanged, PasswordChanged, SessionsRevoked
from core.identity.handlers.codes import issue_code, matching_code
from core.identity.handlers.password_reset import accepted_new_password
from core.identity.handlers.sessions import acting_account, acting_session, acting_user_id, session_account
from core.identity.model import validated_email
from core.identity.passwords import BreachCheck, normalise_password
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.identity.step_up import SensitiveAction, ensure_stepped_up
from core.shared.audit import AuditRecord


def change_password(cmd: ChangePassword, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Set the actor's new password. Raises ``SessionInvalid`` (also for a session not the actor's),
    ``StepUpRequired``, ``RateLimited``, ``InvalidCredentials`` (wrong current password) or ``PasswordRefused``
    (every reason). Revokes every other session of the user and records ``PasswordChanged`` (the owner is told)."""
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    now = svc.clock.now()
    ensure_stepped_up(session, SensitiveAction.PASSWORD_CHANGE, now)
    svc.enforce("code-identity", session.user_id, svc.settings.rate_limits.code_per_identity)
    with uow.reading():  # the slow hashes below must not hold a transaction
        user = session_account(session, uow)
    if not svc.hasher.verify(user.password_hash, normalise_password(cmd.current_password)):
        raise InvalidCredentials(captcha_required=False)
    password_hash, verdict = accepted_new_password(cmd.new_password, user, svc)
    with uow:
        fresh = session_account(session, uow)
        fresh.change_password_hash(password_hash, now)
        uow.users.save(fresh)
        revoked = []
        for other in uow.sessions.list_for_user(fresh.id):
            if other.id != session.id and other.revoked_at is None:
                other.revoke(now)
                uow.sessions.save(other)
                revoked.append(other.id)
        uow.audit.append(AuditRecord(fresh.id, "password.change", fresh.id, now, cmd.context.ip))
        uow.record(SessionsRevoked(fresh.id, tuple(revoked), "password-change", now))
        uow.record(PasswordChanged(fresh.id, now))
        if verdict.breach_check is BreachCheck.UNAVAILABLE_ALLOWED:
            uow.record(BreachCheckDegraded(fresh.id, now))
        uow.commit()


def request_email_change(cmd: RequestEmailChange, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Email a code to the new address. Raises ``SessionInvalid`` (also for a session not the actor's),
    ``StepUpRequired``, ``RateLimited`` or ``InvalidInput``. An address already taken gets no code, with the same
    answer (no enumeration)."""
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    now = svc.clock.now()
    ensure_stepped_up(session, SensitiveAction.EMAIL_CHANGE, now)
    new_email = validated_email(cmd.new_email)
    svc.enforce("code-identity", session.user_id, svc.settings.rate_limits.code_per_identity)
    with uow:
        user = session_account(session, uow)
        if uow.users.get_by_email(new_email) is not None:
            return
        code, record = issue_code(uow, svc, user, CodePurpose.CHANGE_EMAIL, now, binding=new_email)
        uow.commit()
    svc.notifier.send_code(new_email, CodePurpose.CHANGE_EMAIL.value, code, record.expires_at)


def confirm_email_change(cmd: ConfirmEmailChange, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Make the code-proven address the actor's login email. Raises ``SessionInvalid`` (no account),
    ``RateLimited`` or ``InvalidCode`` (wrong, used, expired code, a code for another address, or the address got
    taken). The step-up was checked when the code was requested; the code (bound to user and address) proves the
    rest. Audited; ``EmailChanged`` tells the previous address."""
    user_id = acting_user_id(cmd.actor)
    svc.enforce_code_attempt(cmd.context.ip, user_id)
    new_email = validated_email(cmd.new_email)
    now = svc.clock.now()
    with uow:
        user = acting_account(cmd.actor, uow)
        record = matching_code(uow, svc, user, CodePurpose.CHANGE_EMAIL, cmd.code, now, binding=new_email)
        uow.codes.delete(user.id, CodePurpose.CHANGE_EMAIL)
        if uow.users.get_by_email(new_email) is not None:
            uow.commit()  # the code is spent either way
            raise InvalidCode()
        record.consume(now)
        previous = user.email
        user.change_email(new_email, now)
        uow.users.save(user)
        # no addresses in the details: the chained log outlives an account deletion
        uow.audit.append(AuditRecord(user.id, "email.change", user.id, now, cmd.context.ip))
        uow.record(EmailChanged(user.id, previous, now))
        uow.commit()

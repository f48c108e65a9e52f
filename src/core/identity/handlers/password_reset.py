"""Password reset by emailed one-time code: same answer for every email, revokes every session."""

from __future__ import annotations

from collections.abc import Callable

from core.identity.codes import CodePurpose
from core.identity.commands import RequestPasswordReset, ResetPassword
from core.identity.errors import DeliveryFailed, InvalidCode, PasswordRefused
from core.identity.events import BreachCheckDegraded, PasswordReset, PasswordResetRequested, SessionsRevoked
from core.identity.handlers.codes import account_for_code, issue_code, matching_code
from core.identity.model import User, normalise_email
from core.identity.passwords import BreachCheck, PasswordVerdict, check_password, normalise_password
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.shared.outbox import OutboxMessage, topic_of_type
from core.shared.relay import Consumer


def accepted_new_password(new_password: str, user: User, svc: IdentityServices) -> tuple[str, PasswordVerdict]:
    """The hash of ``new_password`` for ``user`` (slow: call it outside a transaction), with the policy's
    verdict. Raises ``PasswordRefused`` with every reason the policy gives."""
    verdict = check_password(
        new_password,
        email=user.email,
        has_second_factor=user.has_second_factor,
        policy=svc.settings.password,
        strength=svc.strength,
        breached=svc.breached,
    )
    if not verdict.accepted:
        raise PasswordRefused(verdict.refusals)
    return svc.hasher.hash(normalise_password(new_password)), verdict


def request_password_reset(cmd: RequestPasswordReset, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Record that a reset code was asked for, and nothing else: the same work for every email (no lookup), so
    neither the answer nor its timing tells whether the email has an account (raises only ``RateLimited``).
    ``PasswordResetRequested`` leaves through the outbox after the answer; ``send_reset_code`` acts on it."""
    key = normalise_email(cmd.email)
    limits = svc.settings.rate_limits
    svc.enforce("reset-ip", cmd.context.ip, limits.reset_per_ip)
    svc.enforce("reset-identity", key, limits.reset_per_identity)
    with uow:
        uow.record(PasswordResetRequested(key, svc.clock.now()))
        uow.commit()


def send_reset_code(event: PasswordResetRequested, uow: IdentityUnitOfWork, svc: IdentityServices) -> bool:
    """Issue and email a reset code if ``event.email`` has an account (a new code voids the last one, so a
    redelivery only sends a fresher code); returns whether one was sent. A refused hand-over is not retried
    (the sender logged it, and the user may ask again)."""
    now = svc.clock.now()
    with uow:
        user = uow.users.get_by_email(event.email)
        if user is None:
            return False
        code, record = issue_code(uow, svc, user, CodePurpose.RESET_PASSWORD, now)
        uow.commit()
    try:
        svc.notifier.send_code(user.email, CodePurpose.RESET_PASSWORD.value, code, record.expires_at)
    except DeliveryFailed:
        return False
    return True


def reset_code_consumer(
    new_uow: Callable[[], IdentityUnitOfWork], services: Callable[[], IdentityServices]
) -> Consumer:
    """``send_reset_code`` as the outbox consumer "password-reset-code"."""
    name = "password-reset-code"

    def consume(message: OutboxMessage) -> object:
        if not isinstance(event := message.event, PasswordResetRequested):
            raise TypeError(f"{name} consumes PasswordResetRequested, not {type(event).__name__}")
        return {"sent": send_reset_code(event, new_uow(), services())}

    return Consumer(name, topic_of_type(PasswordResetRequested), consume)


def reset_password(cmd: ResetPassword, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Set a new password with a valid reset code, revoke every session and clear any lockout.

    Raises ``RateLimited``, ``InvalidCode`` (unknown account or bad code: one answer) or
    ``PasswordRefused`` (the code stays usable for another try). No session is opened: the user
    signs in next, through MFA if enrolled, so a reset never bypasses the second factor.
    """
    key = normalise_email(cmd.email)
    svc.enforce_code_attempt(cmd.context.ip, key)
    now = svc.clock.now()
    with uow:
        user = account_for_code(uow, key)
        matching_code(uow, svc, user, CodePurpose.RESET_PASSWORD, cmd.code, now)
    password_hash, verdict = accepted_new_password(cmd.new_password, user, svc)
    with uow:
        fresh = uow.users.get(user.id)
        if fresh is None:
            raise InvalidCode()
        record = matching_code(uow, svc, fresh, CodePurpose.RESET_PASSWORD, cmd.code, now)
        record.consume(now)
        uow.codes.delete(fresh.id, CodePurpose.RESET_PASSWORD)
        fresh.change_password_hash(password_hash, now)
        fresh.verify_email(now)  # the code arrived by email: the address is proven
        uow.users.save(fresh)
        uow.sign_in_states.save(uow.sign_in_states.get(key).cleared())
        revoked = []
        for session in uow.sessions.list_for_user(fresh.id):
            if session.revoked_at is None:
                session.revoke(now)
                uow.sessions.save(session)
                revoked.append(session.id)
        uow.record(SessionsRevoked(fresh.id, tuple(revoked), "password-reset", now))
        uow.record(PasswordReset(fresh.id, now))
        if verdict.breach_check is BreachCheck.UNAVAILABLE_ALLOWED:
            uow.record(BreachCheckDegraded(fresh.id, now))
        uow.commit()

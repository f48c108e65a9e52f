"""Sign-up and email verification."""

from __future__ import annotations

from core.identity.codes import CodePurpose
from core.identity.commands import SignUp, VerifyEmail
from core.identity.errors import PasswordRefused
from core.identity.events import (
    BreachCheckDegraded,
    EmailVerified,
    SignupAttemptedForExistingEmail,
    UserSignedUp,
)
from core.identity.handlers.codes import account_for_code, issue_code, matching_code
from core.identity.handlers.devices import remember_device
from core.identity.model import User, normalise_email, validated_email
from core.identity.passwords import BreachCheck, check_password, normalise_password
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices


def sign_up(cmd: SignUp, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Create the account and email a verification code.

    Raises ``RateLimited``, ``InvalidInput("email")`` or ``PasswordRefused`` (every reason at once).
    A taken email answers exactly like a new one (the owner is told through an event), so sign-up
    cannot be used to find out who has an account.
    """
    svc.enforce("signup-ip", cmd.context.ip, svc.settings.rate_limits.signup_per_ip)
    email = validated_email(cmd.email)
    verdict = check_password(
        cmd.password,
        email=email,
        has_second_factor=False,
        policy=svc.settings.password,
        strength=svc.strength,
        breached=svc.breached,
    )
    if not verdict.accepted:
        raise PasswordRefused(verdict.refusals)
    password_hash = svc.hasher.hash(normalise_password(cmd.password))  # outside the transaction: slow
    now = svc.clock.now()
    with uow:
        existing = uow.users.get_by_email(email)
        if existing is not None:
            uow.record(SignupAttemptedForExistingEmail(existing.id, cmd.context.ip, now))
            uow.commit()
            return
        user = User.sign_up(svc.ids.new_id("usr"), email, password_hash, now)
        uow.users.add(user)
        remember_device(uow, svc.ids, user.id, cmd.context, now)
        code, record = issue_code(uow, svc, user, CodePurpose.VERIFY_EMAIL, now)
        uow.record(UserSignedUp(user.id, now))
        if verdict.breach_check is BreachCheck.UNAVAILABLE_ALLOWED:
            uow.record(BreachCheckDegraded(user.id, now))
        uow.commit()
    svc.notifier.send_code(email, CodePurpose.VERIFY_EMAIL.value, code, record.expires_at)


def verify_email(cmd: VerifyEmail, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Mark the email verified. Raises ``RateLimited`` or ``InvalidCode`` (any failure, any account)."""
    key = normalise_email(cmd.email)
    svc.enforce_code_attempt(cmd.context.ip, key)
    now = svc.clock.now()
    with uow:
        user = account_for_code(uow, key)
        record = matching_code(uow, svc, user, CodePurpose.VERIFY_EMAIL, cmd.code, now)
        record.consume(now)
        uow.codes.delete(user.id, CodePurpose.VERIFY_EMAIL)
        user.verify_email(now)
        uow.users.save(user)
        uow.record(EmailVerified(user.id, now))
        uow.commit()


def resend_email_verification(email: str, ip: str, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Send a new code (the old one stops working). Silent for unknown or already verified emails."""
    key = normalise_email(email)
    svc.enforce("code-ip", ip, svc.settings.rate_limits.code_per_ip)
    svc.enforce("resend-identity", key, svc.settings.rate_limits.reset_per_identity)
    now = svc.clock.now()
    with uow:
        user = uow.users.get_by_email(key)
        if user is None or user.email_verified_at is not None:
            return
        code, record = issue_code(uow, svc, user, CodePurpose.VERIFY_EMAIL, now)
        uow.commit()
    svc.notifier.send_code(user.email, CodePurpose.VERIFY_EMAIL.value, code, record.expires_at)

"""TOTP enrolment, the MFA challenge after a password, and step-up: each rotates the session token."""

from __future__ import annotations

from datetime import datetime

from core.identity.codes import CodePurpose
from core.identity.commands import ConfirmTotp, EnrolTotp, TotpConfirmed, TotpEnrolment, VerifySecondFactor
from core.identity.errors import InvalidCode, MfaAlreadyEnrolled, MfaNotEnrolled
from core.identity.events import RecoveryCodeUsed, SecondFactorVerified, TotpEnrolled
from core.identity.handlers.codes import matching_code
from core.identity.handlers.sessions import acting_account, acting_session, authenticate
from core.identity.model import User
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.identity.sessions import hash_session_token
from core.identity.totp import RECOVERY_ALPHABET, format_recovery_code, hash_recovery_code


def enrol_totp(cmd: EnrolTotp, uow: IdentityUnitOfWork, svc: IdentityServices) -> TotpEnrolment:
    """Start TOTP enrolment on the actor's account: a new secret, its URI and QR PNG (shown once).

    Raises ``SessionInvalid`` (no account) or ``MfaAlreadyEnrolled``. Calling again replaces an unconfirmed secret.
    """
    secret = svc.totp.new_secret()
    with uow:
        user = acting_account(cmd.actor, uow)
        if user.has_totp:
            raise MfaAlreadyEnrolled()
        user.start_totp(secret)
        uow.users.save(user)
        uow.commit()
    uri = svc.totp.provisioning_uri(secret, user.email, svc.settings.totp.issuer)
    return TotpEnrolment(uri, svc.qr.png(uri))


def confirm_totp(cmd: ConfirmTotp, uow: IdentityUnitOfWork, svc: IdentityServices) -> TotpConfirmed:
    """Confirm enrolment with a first code; return the actor's session token rotated, and 10 recovery codes.

    Raises ``SessionInvalid`` (also for a session not the actor's), ``RateLimited``, ``MfaNotEnrolled`` (no
    enrolment started), ``MfaAlreadyEnrolled`` or ``InvalidCode`` (wrong or replayed code).
    """
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    svc.enforce("mfa-identity", session.user_id, svc.settings.rate_limits.code_per_identity)
    now = svc.clock.now()
    settings = svc.settings.totp
    plain = tuple(
        format_recovery_code(svc.tokens.new_code(RECOVERY_ALPHABET, settings.recovery_code_length))
        for _ in range(settings.recovery_code_count)
    )
    new_token = svc.tokens.new_token(svc.settings.sessions.token_bytes)
    with uow:
        user = _user(uow, session.user_id)
        if user.has_totp:
            raise MfaAlreadyEnrolled()
        if user.totp_secret is None:
            raise MfaNotEnrolled()
        _check_totp(uow, svc, user, user.totp_secret, cmd.code, now)
        user.confirm_totp(now, tuple(hash_recovery_code(c, pepper=svc.pepper, user_id=user.id) for c in plain))
        uow.users.save(user)
        _rotate(uow, session.id, new_token, now)
        uow.record(TotpEnrolled(user.id, now))
        uow.commit()
    return TotpConfirmed(new_token, plain)


def verify_second_factor(cmd: VerifySecondFactor, uow: IdentityUnitOfWork, svc: IdentityServices) -> str:
    """Prove the second factor with a TOTP code, a recovery code or an SMS sign-in code; return the rotated token.

    Completes an MFA-pending sign-in, or steps up a full session for ``SensitiveAction``s. Raises
    ``SessionInvalid``, ``RateLimited``, ``MfaNotEnrolled`` or ``InvalidCode`` (wrong, replayed,
    already-used recovery code).
    """
    session = authenticate(cmd.session_token, uow, svc, allow_mfa_pending=True)
    svc.enforce("mfa-identity", session.user_id, svc.settings.rate_limits.code_per_identity)
    now = svc.clock.now()
    new_token = svc.tokens.new_token(svc.settings.sessions.token_bytes)
    with uow:
        user = _user(uow, session.user_id)
        if not user.has_second_factor:
            raise MfaNotEnrolled()
        if cmd.code is not None:
            if not user.has_totp or user.totp_secret is None:
                raise MfaNotEnrolled()
            _check_totp(uow, svc, user, user.totp_secret, cmd.code, now)
            method = "totp"
        elif cmd.sms_code is not None:
            if user.phone_verified_at is None:
                raise MfaNotEnrolled()
            matching_code(uow, svc, user, CodePurpose.SIGN_IN_SMS, cmd.sms_code, now).consume(now)
            uow.codes.delete(user.id, CodePurpose.SIGN_IN_SMS)
            method = "sms"
        elif cmd.recovery_code is not None:
            if not user.use_recovery_code(hash_recovery_code(cmd.recovery_code, pepper=svc.pepper, user_id=user.id)):
                raise InvalidCode()
            uow.users.save(user)
            uow.record(RecoveryCodeUsed(user.id, len(user.recovery_code_hashes), now))
            method = "recovery-code"
        else:
            raise InvalidCode()
        _rotate(uow, session.id, new_token, now)
        uow.record(SecondFactorVerified(user.id, session.id, method, now))
        uow.commit()
    return new_token


def _user(uow: IdentityUnitOfWork, user_id: str) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise InvalidCode()
    return user


def _check_totp(
    uow: IdentityUnitOfWork, svc: IdentityServices, user: User, secret: str, code: str, now: datetime
) -> None:
    step = svc.totp.matching_step(secret, code, now, svc.settings.totp.window_steps)
    if step is None or not uow.totp_replays.claim(user.id, step, now):
        raise InvalidCode()


def _rotate(uow: IdentityUnitOfWork, session_id: str, new_token: str, now: datetime) -> None:
    session = uow.sessions.get(session_id)
    if session is None:
        raise InvalidCode()
    session.record_second_factor(hash_session_token(new_token), now)
    uow.sessions.save(session)

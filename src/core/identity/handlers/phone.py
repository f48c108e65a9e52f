"""An optional phone: verified by an SMS code, then a second factor (SMS sign-in codes)."""

from __future__ import annotations

from core.identity.codes import CodePurpose
from core.identity.commands import RequestPhoneVerification, SendSignInSms, VerifyPhone
from core.identity.errors import DeliveryFailed, MfaNotEnrolled
from core.identity.events import PhoneVerified
from core.identity.handlers.codes import issue_code, matching_code
from core.identity.handlers.sessions import (
    acting_account,
    acting_session,
    acting_user_id,
    authenticate,
    session_account,
)
from core.identity.phone import validated_phone
from core.identity.ports import IdentityUnitOfWork
from core.identity.service_ports import PhoneCodeSender
from core.identity.services import IdentityServices
from core.identity.step_up import SensitiveAction, ensure_stepped_up
from core.shared.audit import AuditRecord


def _sms(svc: IdentityServices) -> PhoneCodeSender:
    if svc.sms is None:
        raise DeliveryFailed("sms", "not-configured")
    return svc.sms


def request_phone_verification(cmd: RequestPhoneVerification, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Text a code to ``cmd.phone``. Raises ``SessionInvalid`` (also for a session not the actor's),
    ``InvalidInput``, ``RateLimited`` (per IP, account and number: no SMS pumping), ``StepUpRequired`` (an account
    that already has a second factor must prove it first: the phone becomes one) or ``DeliveryFailed``."""
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    phone = validated_phone(cmd.phone)
    sms = _sms(svc)
    svc.enforce_code_attempt(cmd.context.ip, session.user_id)
    svc.enforce("sms-phone", phone, svc.settings.rate_limits.code_per_identity)
    now = svc.clock.now()
    with uow:
        user = session_account(session, uow)
        if user.has_second_factor:
            ensure_stepped_up(session, SensitiveAction.PHONE_CHANGE, now)
        code, _ = issue_code(uow, svc, user, CodePurpose.VERIFY_PHONE, now, binding=phone)
        uow.commit()
    sms.send_code(phone, code)


def verify_phone(cmd: VerifyPhone, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """The code texted to ``cmd.phone`` makes it the actor's verified phone. Raises ``SessionInvalid`` (no account),
    ``InvalidInput``, ``RateLimited`` or ``InvalidCode`` (wrong, used, expired, or for another number)."""
    user_id = acting_user_id(cmd.actor)
    phone = validated_phone(cmd.phone)
    svc.enforce_code_attempt(cmd.context.ip, user_id)
    now = svc.clock.now()
    with uow:
        user = acting_account(cmd.actor, uow)
        matching_code(uow, svc, user, CodePurpose.VERIFY_PHONE, cmd.code, now, binding=phone).consume(now)
        uow.codes.delete(user.id, CodePurpose.VERIFY_PHONE)
        user.verify_phone(phone, now)
        uow.users.save(user)
        uow.audit.append(AuditRecord(user.id, "phone.verify", user.id, now, cmd.context.ip))
        uow.record(PhoneVerified(user.id, now))
        uow.commit()


def send_sign_in_sms(cmd: SendSignInSms, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Text a sign-in code to the verified phone (for the MFA challenge or a step-up). Works on an
    MFA-pending session. Raises ``SessionInvalid``, ``RateLimited``, ``MfaNotEnrolled`` (no verified
    phone) or ``DeliveryFailed``."""
    session = authenticate(cmd.session_token, uow, svc, allow_mfa_pending=True)
    sms = _sms(svc)
    svc.enforce("mfa-identity", session.user_id, svc.settings.rate_limits.code_per_identity)
    now = svc.clock.now()
    with uow:
        user = session_account(session, uow)
        if user.phone_e164 is None or user.phone_verified_at is None:
            raise MfaNotEnrolled()
        code, _ = issue_code(uow, svc, user, CodePurpose.SIGN_IN_SMS, now)
        uow.commit()
    sms.send_code(user.phone_e164, code)

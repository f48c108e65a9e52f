"""TOTP enrolment, the MFA challenge, replay, recovery codes and step-up through the handlers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
import pytest
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import acting, logged_in, signed_up

from core.identity.commands import ConfirmTotp, EnrolTotp, VerifySecondFactor
from core.identity.errors import InvalidCode, MfaAlreadyEnrolled, MfaNotEnrolled, SessionInvalid
from core.identity.events import RecoveryCodeUsed, SecondFactorVerified, TotpEnrolled
from core.identity.handlers.mfa import confirm_totp, enrol_totp, verify_second_factor
from core.identity.handlers.sessions import authenticate
from core.identity.step_up import SensitiveAction, requires_step_up
from core.shared.actor import Actor


def totp_at(w: World, now: datetime) -> str:
    user = w.uow.users.get_by_email("ann.lee@example.com")
    assert user is not None and user.totp_secret is not None
    return pyotp.TOTP(user.totp_secret).at(now)


def enrolled(w: World) -> tuple[str, tuple[str, ...]]:
    """Enrol and confirm TOTP; return the rotated session token and the recovery codes."""
    signed_up(w)
    session = logged_in(w)
    enrolment = enrol_totp(EnrolTotp(acting(session)), w.uow, w.svc)
    assert enrolment.provisioning_uri.startswith("otpauth://totp/RastUp:ann.lee%40example.com?secret=")
    assert enrolment.qr_png.startswith(b"\x89PNG\r\n\x1a\n")
    confirmed = confirm_totp(ConfirmTotp(acting(session), session.session_token, totp_at(w, w.clock.now())), w.uow,
                             w.svc)  # fmt: skip
    return confirmed.session_token, confirmed.recovery_codes


def test_enrolment_rotates_the_session_and_returns_ten_recovery_codes() -> None:
    w = World()
    token, codes = enrolled(w)
    assert len(codes) == 10 and len(set(codes)) == 10
    user = w.uow.users.get_by_email("ann.lee@example.com")
    assert user is not None and user.has_second_factor
    assert all(c.replace("-", "") not in "".join(user.recovery_code_hashes) for c in codes)
    assert w.uow.of_type(TotpEnrolled)
    session = authenticate(token, w.uow, w.svc)
    assert not requires_step_up(session, SensitiveAction.PASSWORD_CHANGE, w.clock.now())
    with pytest.raises(MfaAlreadyEnrolled):
        enrol_totp(EnrolTotp(Actor(user.id)), w.uow, w.svc)


def test_confirm_without_enrolment_is_refused() -> None:
    w = World()
    signed_up(w)
    session = logged_in(w)
    with pytest.raises(MfaNotEnrolled):
        confirm_totp(ConfirmTotp(acting(session), session.session_token, "123456"), w.uow, w.svc)


def test_login_with_mfa_needs_the_challenge() -> None:
    w = World()
    enrolled(w)
    w.clock.advance(timedelta(minutes=1))
    pending = logged_in(w)
    assert pending.mfa_required
    with pytest.raises(SessionInvalid):
        authenticate(pending.session_token, w.uow, w.svc)  # no privileges before the challenge
    token = verify_second_factor(
        VerifySecondFactor(pending.session_token, code=totp_at(w, w.clock.now())), w.uow, w.svc
    )
    assert token != pending.session_token
    assert authenticate(token, w.uow, w.svc).second_factor_at == w.clock.now()
    with pytest.raises(SessionInvalid):
        authenticate(pending.session_token, w.uow, w.svc)


def test_pending_mfa_session_expires_after_five_minutes() -> None:
    w = World()
    enrolled(w)
    pending = logged_in(w)
    w.clock.advance(timedelta(minutes=5))
    with pytest.raises(SessionInvalid):
        verify_second_factor(VerifySecondFactor(pending.session_token, code=totp_at(w, w.clock.now())), w.uow, w.svc)


def test_totp_accepts_one_step_either_side_only() -> None:
    w = World()
    token, _ = enrolled(w)
    w.clock.advance(timedelta(minutes=2))
    now = w.clock.now()
    for offset, ok in ((-60, False), (-30, True), (30, True), (60, False)):
        attempt = VerifySecondFactor(token, code=totp_at(w, now + timedelta(seconds=offset)))
        if ok:
            token = verify_second_factor(attempt, w.uow, w.svc)
        else:
            with pytest.raises(InvalidCode):
                verify_second_factor(attempt, w.uow, w.svc)


def test_a_totp_code_is_accepted_once() -> None:
    w = World()
    token, _ = enrolled(w)
    w.clock.advance(timedelta(minutes=1))
    code = totp_at(w, w.clock.now())
    token = verify_second_factor(VerifySecondFactor(token, code=code), w.uow, w.svc)
    with pytest.raises(InvalidCode):
        verify_second_factor(VerifySecondFactor(token, code=code), w.uow, w.svc)
    w.clock.advance(timedelta(seconds=10))  # same step, still in the window: still a replay
    with pytest.raises(InvalidCode):
        verify_second_factor(VerifySecondFactor(token, code=code), w.uow, w.svc)


def test_the_enrolment_code_cannot_be_replayed_at_login() -> None:
    w = World()
    signed_up(w)
    session = logged_in(w)
    enrol_totp(EnrolTotp(acting(session)), w.uow, w.svc)
    code = totp_at(w, w.clock.now())
    confirm_totp(ConfirmTotp(acting(session), session.session_token, code), w.uow, w.svc)
    pending = logged_in(w)
    with pytest.raises(InvalidCode):
        verify_second_factor(VerifySecondFactor(pending.session_token, code=code), w.uow, w.svc)


def test_recovery_codes_work_once_each() -> None:
    w = World()
    _, codes = enrolled(w)
    pending = logged_in(w)
    token = verify_second_factor(
        VerifySecondFactor(pending.session_token, recovery_code=codes[0].upper()), w.uow, w.svc
    )
    assert w.uow.of_type(RecoveryCodeUsed)[-1].remaining == 9
    assert w.uow.of_type(SecondFactorVerified)[-1].method == "recovery-code"
    with pytest.raises(InvalidCode):
        verify_second_factor(VerifySecondFactor(token, recovery_code=codes[0]), w.uow, w.svc)
    with pytest.raises(InvalidCode):
        verify_second_factor(VerifySecondFactor(token, recovery_code="aaaa-bbbb-cccc"), w.uow, w.svc)
    verify_second_factor(VerifySecondFactor(token, recovery_code=codes[1]), w.uow, w.svc)


def test_step_up_window_by_moving_time() -> None:
    w = World()
    token, _ = enrolled(w)
    w.clock.advance(timedelta(minutes=5, seconds=1))
    session = authenticate(token, w.uow, w.svc)
    assert requires_step_up(session, SensitiveAction.ACCOUNT_DELETION, w.clock.now())
    token = verify_second_factor(VerifySecondFactor(token, code=totp_at(w, w.clock.now())), w.uow, w.svc)
    session = authenticate(token, w.uow, w.svc)
    assert not requires_step_up(session, SensitiveAction.ACCOUNT_DELETION, w.clock.now())


def test_step_up_without_a_second_factor_is_refused() -> None:
    w = World()
    signed_up(w)
    token = logged_in(w).session_token
    with pytest.raises(MfaNotEnrolled):
        verify_second_factor(VerifySecondFactor(token, code="123456"), w.uow, w.svc)

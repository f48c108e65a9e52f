"""Sign-up, email verification and sign-in through the handlers, on in-memory ports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import ABROAD, EMAIL, FIREFOX, HOME, PASSWORD, logged_in, signed_up

from core.identity.codes import CodePurpose
from core.identity.commands import LogIn, SignUp, VerifyEmail
from core.identity.devices import NetworkContext
from core.identity.errors import (
    CaptchaRequired,
    InvalidCode,
    InvalidCredentials,
    PasswordRefused,
    RateLimited,
    RefusalReason,
    SessionInvalid,
)
from core.identity.events import (
    AccountLocked,
    BreachCheckDegraded,
    EmailVerified,
    NewDeviceSeen,
    PasswordRehashed,
    SignInFailed,
    SignupAttemptedForExistingEmail,
    UserSignedUp,
)
from core.identity.handlers.login import log_in
from core.identity.handlers.sessions import authenticate
from core.identity.handlers.signup import sign_up, verify_email
from core.identity.services import IdentitySettings, RateLimitRule, RateLimits
from core.identity.signin import SignInSettings
from core.shared.errors import InvalidInput


def test_signup_stores_a_hash_and_sends_a_verification_code() -> None:
    w = World()
    sign_up(SignUp(EMAIL, PASSWORD, HOME), w.uow, w.svc)
    user = w.uow.users.get_by_email("ann.lee@example.com")
    assert user is not None and user.email_verified_at is None
    assert PASSWORD not in user.password_hash and w.hasher.verify(user.password_hash, PASSWORD)
    assert len(w.uow.of_type(UserSignedUp)) == 1
    (email, purpose, code, expires_at) = w.notifier.sent[0]
    assert (email, purpose, len(code), expires_at) == (
        "ann.lee@example.com",
        "verify-email",
        6,
        w.clock.now() + timedelta(minutes=10),
    )
    stored = w.uow.codes.get(user.id, CodePurpose.VERIFY_EMAIL)
    assert stored is not None and code not in stored.code_hash


def test_signup_says_exactly_why_a_password_is_refused() -> None:
    w = World()
    w.breached.breached.add("ann.lee-2025")
    with pytest.raises(PasswordRefused) as refused:
        sign_up(SignUp(EMAIL, "ann.lee-2025", HOME), w.uow, w.svc)
    assert {r.reason for r in refused.value.refusals} >= {
        RefusalReason.TOO_SHORT, RefusalReason.CONTAINS_EMAIL, RefusalReason.BREACHED,
    }  # fmt: skip
    assert w.uow.users.get_by_email("ann.lee@example.com") is None


def test_signup_rejects_a_non_email() -> None:
    w = World()
    with pytest.raises(InvalidInput):
        sign_up(SignUp("not an email", PASSWORD, HOME), w.uow, w.svc)


def test_signup_with_a_taken_email_looks_the_same_and_tells_the_owner() -> None:
    w = World()
    signed_up(w)
    sent_before = len(w.notifier.sent)
    assert sign_up(SignUp(EMAIL.upper(), "another-Lantern-orbit-7", ABROAD), w.uow, w.svc) is None
    assert len(w.notifier.sent) == sent_before
    assert len(w.uow.of_type(SignupAttemptedForExistingEmail)) == 1


def test_signup_fail_open_is_logged_as_an_event() -> None:
    w = World()
    w.breached.down = True
    sign_up(SignUp(EMAIL, PASSWORD, HOME), w.uow, w.svc)
    assert len(w.uow.of_type(BreachCheckDegraded)) == 1


def test_verification_code_is_single_use() -> None:
    w = World()
    sign_up(SignUp(EMAIL, PASSWORD, HOME), w.uow, w.svc)
    code = w.notifier.last_code("ann.lee@example.com", CodePurpose.VERIFY_EMAIL)
    verify_email(VerifyEmail(EMAIL, code, HOME), w.uow, w.svc)
    assert len(w.uow.of_type(EmailVerified)) == 1
    with pytest.raises(InvalidCode):
        verify_email(VerifyEmail(EMAIL, code, HOME), w.uow, w.svc)


def test_login_opens_a_session_and_resets_failures() -> None:
    w = World()
    user_id = signed_up(w)
    with pytest.raises(InvalidCredentials):
        logged_in(w, password="wrong-password-here")
    result = logged_in(w)
    assert result.user_id == user_id and not result.mfa_required and not result.new_device
    assert authenticate(result.session_token, w.uow, w.svc).id == result.session_id
    assert w.uow.sign_in_states.get("ann.lee@example.com").failures == ()


def test_each_login_gets_a_fresh_token_and_kills_the_previous_one() -> None:
    w = World()
    signed_up(w)
    first = logged_in(w)
    second = logged_in(w, previous_session_token=first.session_token)
    assert second.session_token != first.session_token and second.session_id != first.session_id
    with pytest.raises(SessionInvalid):
        authenticate(first.session_token, w.uow, w.svc)


def test_login_from_a_new_device_is_an_event() -> None:
    w = World()
    signed_up(w)
    result = logged_in(w, context=ABROAD, captcha_token="solved")
    assert result.new_device
    (event,) = w.uow.of_type(NewDeviceSeen)
    assert (event.ua_family, event.ip_prefix) == ("Chrome on Android", "198.51.100.0/24")


@pytest.mark.parametrize("change", ["disable", "delete"])
def test_an_account_locked_or_deleted_while_its_password_is_checked_gets_no_session(change: str) -> None:
    """The account is read before the slow hash and not again: the session insert itself refuses it."""
    w = World()
    user_id = signed_up(w)
    verify = w.hasher.verify

    def staff_acts_meanwhile(encoded: str, password: str) -> bool:
        with w.uow.fork() as uow:  # another request, committed while this one hashes
            account = uow.users.get(user_id)
            assert account is not None
            if change == "disable":
                account.disable(w.clock.now())
                uow.users.save(account)
            else:
                uow.users.delete(user_id)
            uow.commit()
        return verify(encoded, password)

    w.hasher.verify = staff_acts_meanwhile  # type: ignore[method-assign]
    with pytest.raises(InvalidCredentials):
        logged_in(w)
    with w.uow:
        assert w.uow.sessions.list_for_user(user_id) == []


def test_password_hash_is_upgraded_on_login_when_parameters_rise() -> None:
    w = World()
    signed_up(w)
    w.hasher.version = 2
    logged_in(w)
    user = w.uow.users.get_by_email("ann.lee@example.com")
    assert user is not None and user.password_hash.startswith("fake$v2$")
    assert len(w.uow.of_type(PasswordRehashed)) == 1


def outcome(w: World, email: str, password: str, context: NetworkContext = HOME) -> tuple[type[Exception], bool, int]:
    """What the caller sees, and how many password verifications it cost."""
    before = w.hasher.verifies
    with pytest.raises(InvalidCredentials) as refused:
        log_in(LogIn(email, password, context, captcha_token="solved"), w.uow, w.svc)
    return type(refused.value), refused.value.captcha_required, w.hasher.verifies - before


def test_unknown_locked_and_wrong_password_look_the_same() -> None:
    w = World(settings=IdentitySettings(sign_in=SignInSettings(captcha_risk_threshold=101)))
    signed_up(w)
    signed_up(w, "bob@example.com")
    wrong = outcome(w, EMAIL, "wrong-password-one")
    unknown = outcome(w, "nobody@example.com", "wrong-password-one")
    assert wrong == unknown == (InvalidCredentials, False, 1)
    for _ in range(5):
        outcome(w, "bob@example.com", "nope-nope-nope-1")
    locked_right_password = outcome(w, "bob@example.com", PASSWORD)
    for _ in range(5):
        outcome(w, "ghost@example.com", "nope-nope-nope-1")
    locked_unknown = outcome(w, "ghost@example.com", PASSWORD)
    assert locked_right_password == locked_unknown == (InvalidCredentials, True, 1)


def test_an_attackers_device_sees_known_and_unknown_accounts_alike() -> None:
    w = World()  # risk-based CAPTCHA on: a new device, country and network score 75 for both
    signed_up(w)
    assert outcome(w, EMAIL, "wrong-password-one", ABROAD) == outcome(w, "nobody@example.com", "x" * 16, ABROAD)
    with pytest.raises(CaptchaRequired):
        log_in(LogIn("nobody2@example.com", "x" * 16, ABROAD), w.uow, w.svc)
    with pytest.raises(CaptchaRequired):
        log_in(LogIn(EMAIL, "x" * 16, ABROAD), w.uow, w.svc)


def test_lockout_and_unlock_by_moving_time() -> None:
    w = World()
    signed_up(w)
    for _ in range(5):
        outcome(w, EMAIL, "wrong-password-one")
    assert len(w.uow.of_type(AccountLocked)) == 1
    w.clock.advance(timedelta(minutes=14))
    outcome(w, EMAIL, PASSWORD)  # still locked: right password refused, lock not extended
    assert w.uow.sign_in_states.get("ann.lee@example.com").is_locked(w.clock.now())
    assert w.uow.of_type(SignInFailed)[-1].locked
    w.clock.advance(timedelta(minutes=1))
    assert logged_in(w).user_id


def test_captcha_required_from_the_third_failure() -> None:
    w = World()
    signed_up(w)
    for expected in (False, False, True):
        with pytest.raises(InvalidCredentials) as refused:
            logged_in(w, password="wrong-password-one")
        assert refused.value.captcha_required is expected
    with pytest.raises(CaptchaRequired):
        logged_in(w)  # password not even checked
    with pytest.raises(CaptchaRequired):
        logged_in(w, captcha_token="forged")
    assert logged_in(w, captcha_token="solved").user_id


def test_captcha_required_when_risk_is_high() -> None:
    w = World()
    signed_up(w)
    with pytest.raises(CaptchaRequired):
        logged_in(w, context=ABROAD)  # new device + new country + new ASN = 75
    assert logged_in(w, context=ABROAD, captcha_token="solved").new_device


def test_password_spraying_from_one_ip_raises_risk() -> None:
    w = World()
    signed_up(w)
    same_network_new_browser = NetworkContext(
        HOME.ip, "Mozilla/5.0 (Macintosh; Mac OS X 14_5) Safari/605.1", "FR", 3215
    )
    assert logged_in(w, context=same_network_new_browser).new_device  # risk 30: no CAPTCHA
    for i in range(5):
        with pytest.raises(InvalidCredentials):
            log_in(LogIn(f"user{i}@example.com", "Spring-2025-spray", HOME, captcha_token="solved"), w.uow, w.svc)
    other_browser = NetworkContext(HOME.ip, FIREFOX.replace("Windows NT 10.0", "X11; Linux x86_64"), "FR", 3215)
    with pytest.raises(CaptchaRequired):
        logged_in(w, context=other_browser)  # new device 30 + many accounts from this IP 40 = 70


def test_login_is_rate_limited_per_identity_with_retry_after() -> None:
    w = World(settings=IdentitySettings(rate_limits=RateLimits(login_per_identity=RateLimitRule(2, 60))))
    signed_up(w)
    logged_in(w)
    logged_in(w)
    with pytest.raises(RateLimited) as limited:
        logged_in(w)
    assert limited.value.retry_after_s == 60 and limited.value.scope == "login-identity"
    w.clock.advance(timedelta(seconds=60))
    assert logged_in(w).user_id

"""Password reset by code, and managing sessions: logout, list, revoke, timeouts, IDOR."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import EMAIL, HOME, PASSWORD, acting, logged_in, signed_up

from core.identity.codes import CodePurpose
from core.identity.commands import LogOut, RequestPasswordReset, ResetPassword, RevokeSession
from core.identity.errors import DeliveryFailed, InvalidCode, InvalidCredentials, PasswordRefused, SessionInvalid
from core.identity.events import PasswordReset, PasswordResetRequested, SessionsRevoked
from core.identity.handlers.password_reset import request_password_reset, reset_password, send_reset_code
from core.identity.handlers.sessions import authenticate, list_sessions, log_out, revoke_other_sessions, revoke_session
from core.shared.errors import NotFound

NEW = "amber-Quarry-falcon-93"
KEY = "ann.lee@example.com"


def requested(w: World, email: str = EMAIL) -> PasswordResetRequested:
    """Ask for a reset code; the request only records it (what the outbox carries to ``send_reset_code``)."""
    request_password_reset(RequestPasswordReset(email, HOME), w.uow, w.svc)
    event: PasswordResetRequested = w.uow.of_type(PasswordResetRequested)[-1]
    return event


def reset_code(w: World) -> str:
    assert send_reset_code(requested(w), w.uow, w.svc)
    return w.notifier.last_code(KEY, CodePurpose.RESET_PASSWORD)


def test_a_reset_request_does_the_same_work_for_known_and_unknown_accounts() -> None:
    w = World()
    signed_up(w)
    sent, commits = len(w.notifier.sent), w.uow.commits
    assert requested(w, "nobody@example.com") == PasswordResetRequested("nobody@example.com", w.clock.now())
    assert requested(w, EMAIL.upper()) == PasswordResetRequested(KEY, w.clock.now())  # normalised, not looked up
    assert w.uow.commits == commits + 2 and len(w.notifier.sent) == sent  # one commit each, nothing sent yet


def test_the_code_goes_only_to_an_existing_account() -> None:
    w = World()
    signed_up(w)
    sent = len(w.notifier.sent)
    assert not send_reset_code(requested(w, "nobody@example.com"), w.uow, w.svc)
    assert len(w.notifier.sent) == sent
    assert send_reset_code(requested(w), w.uow, w.svc)
    assert len(w.notifier.sent) == sent + 1


def test_a_refused_hand_over_of_the_reset_email_is_reported_not_raised() -> None:
    w = World()
    signed_up(w)

    def refuse(*_args: object) -> None:
        raise DeliveryFailed("email", "queue-full")

    w.notifier.send_code = refuse  # type: ignore[method-assign]
    assert send_reset_code(requested(w), w.uow, w.svc) is False


def test_reset_sets_the_password_revokes_sessions_and_unlocks() -> None:
    w = World()
    signed_up(w)
    session = logged_in(w)
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            logged_in(w, password="wrong-password-x", captcha_token="solved")
    reset_password(ResetPassword(EMAIL, reset_code(w), NEW, HOME), w.uow, w.svc)
    with pytest.raises(SessionInvalid):
        authenticate(session.session_token, w.uow, w.svc)
    assert w.uow.of_type(PasswordReset) and w.uow.of_type(SessionsRevoked)[-1].reason == "password-reset"
    assert logged_in(w, password=NEW).user_id
    with pytest.raises(InvalidCredentials):
        logged_in(w, password=PASSWORD)


def test_reset_code_is_single_use_and_a_new_one_invalidates_the_old() -> None:
    w = World()
    signed_up(w)
    old = reset_code(w)
    new = reset_code(w)
    with pytest.raises(InvalidCode):
        reset_password(ResetPassword(EMAIL, old, NEW, HOME), w.uow, w.svc)
    reset_password(ResetPassword(EMAIL, new, NEW, HOME), w.uow, w.svc)
    with pytest.raises(InvalidCode):
        reset_password(ResetPassword(EMAIL, new, "other-Meadow-drift-71", HOME), w.uow, w.svc)


def test_reset_code_expires_after_ten_minutes() -> None:
    w = World()
    signed_up(w)
    code = reset_code(w)
    w.clock.advance(timedelta(minutes=10))
    with pytest.raises(InvalidCode):
        reset_password(ResetPassword(EMAIL, code, NEW, HOME), w.uow, w.svc)


def test_five_wrong_codes_burn_the_code() -> None:
    w = World()
    signed_up(w)
    code = reset_code(w)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(InvalidCode):
            reset_password(ResetPassword(EMAIL, wrong, NEW, HOME), w.uow, w.svc)
    with pytest.raises(InvalidCode):
        reset_password(ResetPassword(EMAIL, code, NEW, HOME), w.uow, w.svc)


def test_a_refused_password_keeps_the_code_usable() -> None:
    w = World()
    signed_up(w)
    code = reset_code(w)
    with pytest.raises(PasswordRefused):
        reset_password(ResetPassword(EMAIL, code, "short", HOME), w.uow, w.svc)
    reset_password(ResetPassword(EMAIL, code, NEW, HOME), w.uow, w.svc)


def test_reset_for_an_unknown_account_is_an_invalid_code() -> None:
    w = World()
    with pytest.raises(InvalidCode):
        reset_password(ResetPassword("nobody@example.com", "123456", NEW, HOME), w.uow, w.svc)


def test_logout_is_idempotent() -> None:
    w = World()
    signed_up(w)
    token = logged_in(w).session_token
    log_out(LogOut(token), w.uow, w.svc)
    log_out(LogOut(token), w.uow, w.svc)
    with pytest.raises(SessionInvalid):
        authenticate(token, w.uow, w.svc)
    assert len(w.uow.of_type(SessionsRevoked)) == 1


def test_idle_timeout_and_activity() -> None:
    w = World()
    signed_up(w)
    token = logged_in(w).session_token
    w.clock.advance(timedelta(minutes=29))
    authenticate(token, w.uow, w.svc)  # activity restarts the idle clock
    w.clock.advance(timedelta(minutes=29))
    authenticate(token, w.uow, w.svc)
    w.clock.advance(timedelta(minutes=30))
    with pytest.raises(SessionInvalid):
        authenticate(token, w.uow, w.svc)


def test_activity_is_recorded_at_most_once_a_minute_and_the_idle_clock_errs_short() -> None:
    w = World()
    signed_up(w)
    token = logged_in(w).session_token
    seen = authenticate(token, w.uow, w.svc).last_seen_at
    w.clock.advance(timedelta(seconds=59))
    assert authenticate(token, w.uow, w.svc).last_seen_at == seen  # nothing written within the minute
    w.clock.advance(timedelta(seconds=1))
    assert authenticate(token, w.uow, w.svc).last_seen_at == seen + timedelta(minutes=1)
    w.clock.advance(timedelta(seconds=30))
    authenticate(token, w.uow, w.svc)  # not recorded: the clock runs from the minute before
    w.clock.advance(timedelta(minutes=29, seconds=30))
    with pytest.raises(SessionInvalid):  # 30 minutes after the last recorded activity, 29.5 after the last request
        authenticate(token, w.uow, w.svc)


def test_absolute_timeout_despite_activity() -> None:
    w = World()
    signed_up(w)
    token = logged_in(w).session_token
    for _ in range(47):  # every 15 minutes for 11h45
        w.clock.advance(timedelta(minutes=15))
        authenticate(token, w.uow, w.svc)
    w.clock.advance(timedelta(minutes=15))
    with pytest.raises(SessionInvalid):
        authenticate(token, w.uow, w.svc)


def test_list_and_revoke_my_sessions() -> None:
    w = World()
    signed_up(w)
    a, b, c = logged_in(w), logged_in(w), logged_in(w)
    views = list_sessions(a.session_token, w.uow, w.svc)
    assert {v.session_id for v in views} == {a.session_id, b.session_id, c.session_id}
    assert [v.current for v in views if v.session_id == a.session_id] == [True]
    revoke_session(RevokeSession(acting(a), b.session_id), w.uow, w.svc)
    assert revoke_other_sessions(a.session_token, w.uow, w.svc) == 1
    assert [v.session_id for v in list_sessions(a.session_token, w.uow, w.svc)] == [a.session_id]


def test_another_users_session_is_not_found() -> None:
    w = World()
    signed_up(w)
    signed_up(w, "bob@example.com")
    mine = logged_in(w)
    from core.identity.commands import LogIn
    from core.identity.handlers.login import log_in

    bobs = log_in(LogIn("bob@example.com", PASSWORD, HOME), w.uow, w.svc)
    with pytest.raises(NotFound):
        revoke_session(RevokeSession(acting(mine), bobs.session_id), w.uow, w.svc)
    with pytest.raises(NotFound):
        revoke_session(RevokeSession(acting(mine), "ses_nope"), w.uow, w.svc)
    assert authenticate(bobs.session_token, w.uow, w.svc).id == bobs.session_id

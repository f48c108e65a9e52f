"""Sign-in policy and risk: lockout, unlock by moving time, CAPTCHA thresholds, the risk score."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identity.fakes import T0

from core.identity.risk import RiskSignals, RiskWeights, risk_score
from core.identity.signin import SignInSettings, SignInState, captcha_required

S = SignInSettings()


def fail(state: SignInState, *minutes: float) -> SignInState:
    for m in minutes:
        state = state.with_failure(T0 + timedelta(minutes=m), S)
    return state


def test_five_failures_within_fifteen_minutes_lock_for_fifteen() -> None:
    state = fail(SignInState("a@x.io"), 0, 1, 2, 3, 4)
    assert state.is_locked(T0 + timedelta(minutes=4))
    assert state.locked_until == T0 + timedelta(minutes=19)
    assert state.is_locked(T0 + timedelta(minutes=18, seconds=59))
    assert not state.is_locked(T0 + timedelta(minutes=19))


def test_failures_spread_beyond_the_window_do_not_lock() -> None:
    state = fail(SignInState("a@x.io"), 0, 4, 8, 12, 16)  # the first has left the window at 16
    assert not state.is_locked(T0 + timedelta(minutes=16))
    assert state.recent_failures(T0 + timedelta(minutes=16), S) == 4


def test_attempts_while_locked_neither_count_nor_extend_the_lock() -> None:
    locked = fail(SignInState("a@x.io"), 0, 1, 2, 3, 4)
    hammered = fail(locked, 5, 10, 18)
    assert hammered == locked
    assert not hammered.is_locked(T0 + timedelta(minutes=19))


def test_after_the_lock_the_count_starts_again() -> None:
    state = fail(SignInState("a@x.io"), 0, 1, 2, 3, 4)
    after = T0 + timedelta(minutes=19)
    assert state.recent_failures(after, S) == 0
    assert not captcha_required(state, 0, after, S)
    assert not fail(state, 19, 20, 21, 22).is_locked(T0 + timedelta(minutes=22))


def test_captcha_from_the_third_failure() -> None:
    now = T0 + timedelta(minutes=5)
    assert not captcha_required(fail(SignInState("k"), 0, 1), 0, now, S)
    assert captcha_required(fail(SignInState("k"), 0, 1, 2), 0, now, S)


def test_captcha_from_risk_seventy() -> None:
    assert not captcha_required(SignInState("k"), 69, T0, S)
    assert captcha_required(SignInState("k"), 70, T0, S)


def test_cleared_state_forgets_everything() -> None:
    assert fail(SignInState("k"), 0, 1, 2).cleared() == SignInState("k")


def test_numbers_are_settings() -> None:
    strict = SignInSettings(max_failures=2, lockout=timedelta(hours=1), captcha_after_failures=1)
    state = SignInState("k").with_failure(T0, strict).with_failure(T0, strict)
    assert state.locked_until == T0 + timedelta(hours=1)
    assert captcha_required(SignInState("k").with_failure(T0, strict), 0, T0, strict)


def signals(**kw: object) -> RiskSignals:
    base: dict[str, object] = dict(
        new_device=False, new_country=False, new_asn=False, ip_attempts=0, accounts_from_ip=0
    )
    base.update(kw)
    return RiskSignals(**base)  # type: ignore[arg-type]


def test_risk_score_reference_points() -> None:
    assert risk_score(signals()) == 0
    assert risk_score(signals(new_device=True)) == 30
    assert risk_score(signals(new_device=True, new_country=True)) == 60
    assert risk_score(signals(new_device=True, new_country=True, new_asn=True)) == 75
    assert risk_score(signals(new_device=True, accounts_from_ip=5)) == 70
    assert risk_score(signals(ip_attempts=20, accounts_from_ip=5)) == 70
    assert (
        risk_score(signals(new_device=True, new_country=True, new_asn=True, ip_attempts=99, accounts_from_ip=99)) == 100
    )


def test_risk_weights_are_settings() -> None:
    assert risk_score(signals(new_device=True), RiskWeights(new_device=80)) == 80


@settings(max_examples=100)
@given(st.booleans(), st.booleans(), st.booleans(), st.integers(0, 1000), st.integers(0, 1000))
def test_risk_is_bounded_and_monotonic(device: bool, country: bool, asn: bool, attempts: int, accounts: int) -> None:
    score = risk_score(
        signals(new_device=device, new_country=country, new_asn=asn, ip_attempts=attempts, accounts_from_ip=accounts)
    )
    assert 0 <= score <= 100
    worse = risk_score(
        signals(new_device=True, new_country=country, new_asn=asn, ip_attempts=attempts + 1, accounts_from_ip=accounts)
    )
    assert worse >= score

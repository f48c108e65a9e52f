"""Password policy: length in code points, no composition rules, strength, email, breaches."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identity.fakes import DistinctCharsStrength, SetBreachedPasswords

from core.identity.errors import RefusalReason
from core.identity.passwords import BreachCheck, PasswordPolicy, PasswordVerdict, check_password

STRONG = "violet-Harbour-crane-58"  # 20+ distinct characters, no email in it
POLICY = PasswordPolicy()


def check(password: str, *, email: str = "ann.lee@example.com", mfa: bool = False, **kw: object) -> PasswordVerdict:
    breached = kw.pop("breached", SetBreachedPasswords())
    policy = kw.pop("policy", POLICY)
    return check_password(
        password,
        email=email,
        has_second_factor=mfa,
        policy=policy,  # type: ignore[arg-type]
        strength=DistinctCharsStrength(),
        breached=breached,  # type: ignore[arg-type]
    )


def reasons(verdict: PasswordVerdict) -> set[RefusalReason]:
    return {r.reason for r in verdict.refusals}


def test_documented_defaults() -> None:
    assert (POLICY.min_length_with_second_factor, POLICY.min_length_without_second_factor) == (12, 15)
    assert POLICY.max_length == 128 and POLICY.min_strength_score == 3


def test_a_strong_password_is_accepted_and_the_breach_check_ran() -> None:
    verdict = check(STRONG)
    assert verdict.accepted and verdict.breach_check is BreachCheck.CLEAN


def test_minimum_depends_on_second_factor() -> None:
    thirteen = "qwfpgj-luy;ar"  # 13 distinct characters
    assert reasons(check(thirteen, mfa=False)) == {RefusalReason.TOO_SHORT}
    refusal = check(thirteen, mfa=False).refusals[0]
    assert (refusal.limit, refusal.actual) == (15, 13)
    assert check(thirteen, mfa=True).accepted


def test_no_composition_rules_lowercase_words_pass() -> None:
    assert check("quiet lantern orbit grove").accepted


def test_length_counts_code_points_after_nfc() -> None:
    e_acute = unicodedata.normalize("NFD", "é")  # two code points before NFC, one after
    raw = "lantern-orbit" + e_acute  # 15 code points as typed, 14 after NFC
    assert len(raw) == 15
    short = next(r for r in check(raw, mfa=False).refusals if r.reason is RefusalReason.TOO_SHORT)
    assert short.actual == 14
    emoji = "🦊🐙🦉🐢🦋🐝🦀🐬🦜🐞🦔🐌"  # 12 astral code points (24 UTF-16 units, 48 bytes)
    assert RefusalReason.TOO_SHORT not in reasons(check(emoji, mfa=True))
    assert RefusalReason.TOO_SHORT in reasons(check(emoji[:11], mfa=True))


def test_too_long_is_refused_without_costly_checks() -> None:
    breached = SetBreachedPasswords()
    breached.down = True  # would raise if asked
    verdict = check("x" * 129, breached=breached)
    assert reasons(verdict) == {RefusalReason.TOO_LONG}
    assert verdict.breach_check is BreachCheck.SKIPPED
    assert RefusalReason.TOO_LONG not in reasons(check("violet-Harbour-crane-58" + "a" * 105))


def test_email_and_its_local_part_are_refused() -> None:
    assert RefusalReason.CONTAINS_EMAIL in reasons(check("ann.lee@example.com"))
    assert RefusalReason.CONTAINS_EMAIL in reasons(check("my-Ann.Lee-password-2025"))
    assert RefusalReason.CONTAINS_EMAIL not in reasons(check("annual-Harbour-crane-58", email="ann@x.io"))


def test_weak_passwords_carry_hints() -> None:
    verdict = check("aaaaaaaaaaaaaaaaaaaa")
    weak = next(r for r in verdict.refusals if r.reason is RefusalReason.TOO_WEAK)
    assert weak.limit == 3 and weak.actual == 0 and weak.hints


def test_breached_passwords_are_refused() -> None:
    verdict = check(STRONG, breached=SetBreachedPasswords({STRONG}))
    assert reasons(verdict) == {RefusalReason.BREACHED}
    assert verdict.breach_check is BreachCheck.BREACHED


def test_breach_outage_fails_open_or_closed_as_configured() -> None:
    down = SetBreachedPasswords()
    down.down = True
    open_ = check(STRONG, breached=down)
    assert open_.accepted and open_.breach_check is BreachCheck.UNAVAILABLE_ALLOWED
    closed = check(STRONG, breached=down, policy=PasswordPolicy(breach_check_fail_open=False))
    assert reasons(closed) == {RefusalReason.BREACH_CHECK_UNAVAILABLE}
    assert closed.breach_check is BreachCheck.UNAVAILABLE_REFUSED


def test_every_reason_is_reported_at_once() -> None:
    verdict = check("ann.lee", breached=SetBreachedPasswords({"ann.lee"}))
    assert reasons(verdict) == {
        RefusalReason.TOO_SHORT,
        RefusalReason.CONTAINS_EMAIL,
        RefusalReason.TOO_WEAK,
        RefusalReason.BREACHED,
    }


@settings(max_examples=200)
@given(st.text(min_size=0, max_size=140), st.booleans())
def test_length_rules_hold_for_any_text(password: str, mfa: bool) -> None:
    length = len(unicodedata.normalize("NFC", password))
    found = reasons(check(password, mfa=mfa))
    assert (RefusalReason.TOO_LONG in found) == (length > 128)
    if length <= 128:
        assert (RefusalReason.TOO_SHORT in found) == (length < (12 if mfa else 15))

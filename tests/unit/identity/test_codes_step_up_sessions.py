"""One-time codes, step-up, session lifetimes and device fingerprints as pure rules."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.identity.fakes import T0

from core.identity.codes import CodePurpose, CodeSettings, OneTimeCode, hash_code
from core.identity.devices import ip_prefix, user_agent_family
from core.identity.errors import StepUpRequired
from core.identity.model import User
from core.identity.sessions import Session, SessionSettings, hash_session_token
from core.identity.staff import console_staff
from core.identity.step_up import SensitiveAction, requires_step_up
from core.identity.totp import canonical_recovery_code, format_recovery_code
from core.shared.actor import Actor, StaffOnly

PEPPER = b"k" * 32


def code(now_offset_min: float = 0) -> OneTimeCode:
    h = hash_code("123456", pepper=PEPPER, user_id="usr_1", purpose=CodePurpose.RESET_PASSWORD)
    return OneTimeCode.issue(
        "usr_1", CodePurpose.RESET_PASSWORD, h, T0 + timedelta(minutes=now_offset_min), CodeSettings()
    )


def good() -> str:
    return hash_code("123456", pepper=PEPPER, user_id="usr_1", purpose=CodePurpose.RESET_PASSWORD)


def bad() -> str:
    return hash_code("654321", pepper=PEPPER, user_id="usr_1", purpose=CodePurpose.RESET_PASSWORD)


def test_code_hash_is_keyed_and_bound_to_user_and_purpose() -> None:
    assert good() != hash_code("123456", pepper=b"x" * 32, user_id="usr_1", purpose=CodePurpose.RESET_PASSWORD)
    assert good() != hash_code("123456", pepper=PEPPER, user_id="usr_2", purpose=CodePurpose.RESET_PASSWORD)
    assert good() != hash_code("123456", pepper=PEPPER, user_id="usr_1", purpose=CodePurpose.VERIFY_EMAIL)
    assert "123456" not in good()


def test_code_expires_after_ten_minutes() -> None:
    assert code().matches(good(), T0 + timedelta(minutes=9, seconds=59))
    assert not code().matches(good(), T0 + timedelta(minutes=10))


def test_five_wrong_attempts_exhaust_the_code() -> None:
    c = code()
    for _ in range(5):
        assert not c.matches(bad(), T0)
    assert not c.matches(good(), T0)


def test_code_is_single_use() -> None:
    c = code()
    assert c.matches(good(), T0)
    c.consume(T0)
    assert not c.matches(good(), T0)


ACTIONS = list(SensitiveAction)


def session(second_factor_minutes_ago: float | None) -> Session:
    s = Session.start("ses_1", "usr_1", "h", None, T0, mfa_pending=False)
    if second_factor_minutes_ago is not None:
        s.second_factor_at = T0 - timedelta(minutes=second_factor_minutes_ago)
    return s


@pytest.mark.parametrize("action", ACTIONS)
def test_step_up_needs_a_second_factor_within_five_minutes(action: SensitiveAction) -> None:
    assert requires_step_up(session(None), action, T0)
    assert not requires_step_up(session(4.9), action, T0)
    assert not requires_step_up(session(5), action, T0)
    assert requires_step_up(session(5.01), action, T0)


def test_step_up_refuses_non_actions() -> None:
    with pytest.raises(TypeError):
        requires_step_up(session(0), "view-profile", T0)  # type: ignore[arg-type]


def test_the_gated_actions() -> None:
    assert {a.value for a in SensitiveAction} == {
        "payout-destination-change", "email-change", "password-change", "data-export-view", "account-deletion",
        "phone-change", "staff-console",
    }  # fmt: skip


@given(seconds=st.integers(min_value=-1800, max_value=3600))
def test_the_staff_console_needs_staff_and_a_second_factor_within_15_minutes(seconds: int) -> None:
    staff = User("usr_1", "kim@example.com", "h", T0, staff_roles=("support",))
    minutes = seconds / 60
    if 0 <= seconds <= 15 * 60:
        assert console_staff(session(minutes), staff, T0) == Actor("usr_1", ("support",))
    else:
        with pytest.raises(StepUpRequired):
            console_staff(session(minutes), staff, T0)
    with pytest.raises(StaffOnly):  # a customer learns nothing of the step-up, recent or not
        console_staff(session(minutes), attrs.evolve(staff, staff_roles=()), T0)


def test_the_staff_console_without_any_second_factor_asks_for_one() -> None:
    with pytest.raises(StepUpRequired):
        console_staff(session(None), User("usr_1", "kim@example.com", "h", T0, staff_roles=("admin",)), T0)


def test_session_idle_and_absolute_timeouts() -> None:
    s, cfg = session(None), SessionSettings()
    assert s.is_live(T0 + timedelta(minutes=29), cfg)
    assert not s.is_live(T0 + timedelta(minutes=30), cfg)
    for hour in range(1, 12):  # active every 25 minutes, still ends at 12 h
        s.touch(T0 + timedelta(hours=hour))
    s.touch(T0 + timedelta(hours=11, minutes=50))
    assert s.is_live(T0 + timedelta(hours=11, minutes=59), cfg)
    assert not s.is_live(T0 + timedelta(hours=12), cfg)


def test_rotation_keeps_the_absolute_deadline() -> None:
    s = session(None)
    s.rotate(hash_session_token("new"), T0 + timedelta(hours=11, minutes=45))
    assert s.token_hash == hash_session_token("new")
    assert not s.is_live(T0 + timedelta(hours=12), SessionSettings())


def test_revocation_is_final_and_idempotent() -> None:
    s = session(None)
    s.revoke(T0)
    s.revoke(T0 + timedelta(minutes=1))
    assert s.revoked_at == T0 and not s.is_live(T0, SessionSettings())


def test_token_is_stored_as_sha256() -> None:
    assert hash_session_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(
    ("ip", "prefix"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("not-an-ip", "unknown"),
    ],
)
def test_ip_prefix(ip: str, prefix: str) -> None:
    assert ip_prefix(ip) == prefix


@pytest.mark.parametrize(
    ("ua", "family"),
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Windows"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
            "Safari on macOS",
        ),
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36", "Chrome on Android"),
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"),
        ("RastUp-iOS/3.2 (iPhone; iOS 17.5)", "RastUp-iOS on iOS"),
        ("", "Other on Other"),
    ],
)
def test_user_agent_family(ua: str, family: str) -> None:
    assert user_agent_family(ua) == family


def test_recovery_codes_read_back_loosely() -> None:
    assert format_recovery_code("abcdefghjkmn") == "abcd-efgh-jkmn"
    assert canonical_recovery_code(" ABCD efgh-JKMN ") == "abcdefghjkmn"

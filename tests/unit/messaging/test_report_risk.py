"""Reports raise a sender's risk: properties of the graduated answer for a reported sender (one step stricter,
never looser, nothing found still delivered) and of the threshold as data."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.messaging.circumvention import Action, ReportRisk, cooled_until, verdict
from core.messaging.screening import CONTACT_KINDS, Finding, Kind
from tests.unit.messaging.messaging_world import T0

ORDER = (Action.DELIVER, Action.NUDGE, Action.MASK, Action.HOLD)
ONE_STEP = {Action.NUDGE: Action.MASK, Action.MASK: Action.HOLD, Action.HOLD: Action.HOLD}

findings = st.lists(st.builds(Finding, st.sampled_from(list(Kind))), max_size=4)
offences = st.lists(st.integers(min_value=0, max_value=48 * 60).map(lambda m: T0 - timedelta(minutes=m)), max_size=6)


@given(findings, offences, st.booleans())
def test_a_reported_sender_is_answered_one_step_stricter_and_never_looser(
    found: list[Finding], before: list[datetime], phone_allowed: bool
) -> None:
    plain = verdict(found, before, T0, phone_allowed=phone_allowed)
    risky = verdict(found, before, T0, phone_allowed=phone_allowed, reported=True)
    assert ORDER.index(risky.action) >= ORDER.index(plain.action) and risky.kinds == plain.kinds
    if plain.action is Action.DELIVER:
        assert risky.action is Action.DELIVER  # nothing found: reports alone never touch a message
    elif CONTACT_KINDS & set(plain.kinds):
        assert risky.action is ONE_STEP[plain.action]


@given(offences)
def test_a_reported_sender_is_cooled_down_whenever_an_unreported_one_would_be(before: list[datetime]) -> None:
    plain = cooled_until(before, T0)
    if plain is not None:
        assert cooled_until(before, T0, reported=True) == plain
    assert cooled_until([], T0, reported=True) is None


@given(st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=50))
def test_the_threshold_counts_distinct_reporters_and_zero_turns_it_off(threshold: int, reporters: int) -> None:
    risk = ReportRisk(reporters=threshold)
    assert risk.raised(reporters) is (threshold > 0 and reporters >= threshold)
    assert not risk.raised(reporters) or risk.raised(reporters + 1)  # more reporters never lower the risk
    assert not ReportRisk(reporters=0).raised(reporters)


def test_the_ladder_for_a_reported_sender() -> None:
    phone, venmo = [Finding(Kind.PHONE, 0, 10)], [Finding(Kind.PAYMENT)]
    assert verdict(phone, (), T0, reported=True).action is Action.MASK  # a first contact detail is masked
    assert verdict(phone, (T0,), T0, reported=True).action is Action.HOLD  # the second is held
    assert verdict(venmo, (), T0, reported=True).action is Action.NUDGE  # nothing to mask in a word
    assert cooled_until((T0, T0), T0, reported=True) == T0 + timedelta(hours=1)
    assert cooled_until((T0, T0), T0) is None

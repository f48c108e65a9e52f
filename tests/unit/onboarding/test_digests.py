"""Weekly digests and nudges: consent, quiet hours in the recipient's zone, caps, and idempotent reruns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.notifications import InMemoryDigestsUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.onboarding.commands import SendWeeklyDigests, SetDigestPreferences
from core.onboarding.completeness import completeness
from core.onboarding.digest_handlers import send_weekly_digests, set_preferences
from core.onboarding.digests import Outcome, Preferences, delivery, in_quiet_hours, week_start
from core.onboarding.eligibility import Thresholds
from core.onboarding.facts import Facts
from core.onboarding.nudges import nudges
from core.shared.actor import OPERATOR
from core.shared.errors import InvalidInput, NotFound
from tests.contracts.digest_stores import DigestStoresContract, NewDigestsUow
from tests.contracts.profile_repository import draft

T = Thresholds()
# 2026-11-24 18:00 UTC is 10:00 in Los Angeles and 03:00 (next day) in Tokyo
AFTERNOON_UTC = datetime(2026, 11, 24, 18, tzinfo=UTC)
LA = Preferences("prf_0001", "ana@example.com", True, True, "America/Los_Angeles", 22 * 60, 8 * 60, 2)


class TestInMemoryDigestStores(DigestStoresContract):
    @pytest.fixture
    def new_uow(self) -> NewDigestsUow:
        database = InMemoryDatabase()
        return lambda: InMemoryDigestsUnitOfWork(database)


def test_week_labels() -> None:
    assert week_start("2026-W48").isoformat() == "2026-11-23"
    for bad in ("2026-48", "2026-W54", "2025-W53"):
        with pytest.raises(InvalidInput):
            week_start(bad)


def test_quiet_hours_are_local_and_may_span_midnight() -> None:
    assert not in_quiet_hours(LA, AFTERNOON_UTC)
    tokyo = Preferences("p", "a@b.example", True, time_zone="Asia/Tokyo")
    assert in_quiet_hours(tokyo, AFTERNOON_UTC)
    daytime_quiet = Preferences("p", "a@b.example", time_zone="UTC", quiet_start_minute=600, quiet_end_minute=720)
    assert in_quiet_hours(daytime_quiet, datetime(2026, 1, 1, 11, tzinfo=UTC))
    assert not in_quiet_hours(daytime_quiet, datetime(2026, 1, 1, 12, tzinfo=UTC))
    with pytest.raises(InvalidInput):
        Preferences("p", "a@b.example", time_zone="Mars/Olympus")


def test_delivery_checks_consent_duplicates_caps_and_quiet_hours_in_that_order() -> None:
    assert delivery(LA, AFTERNOON_UTC, already_sent=False, sent_last_7_days=0) is Outcome.SEND
    no = Preferences("p", "a@b.example", digest_consent=False)
    assert delivery(no, AFTERNOON_UTC, already_sent=True, sent_last_7_days=9) is Outcome.NO_CONSENT
    assert delivery(LA, AFTERNOON_UTC, already_sent=True, sent_last_7_days=9) is Outcome.ALREADY_SENT
    assert delivery(LA, AFTERNOON_UTC, already_sent=False, sent_last_7_days=2) is Outcome.FREQUENCY_CAP
    night = AFTERNOON_UTC + timedelta(hours=13)  # 23:00 in Los Angeles
    assert delivery(LA, night, already_sent=False, sent_last_7_days=0) is Outcome.QUIET_HOURS


def test_nudges_count_the_images_still_needed() -> None:
    import attrs

    from tests.unit.onboarding.test_onboarding_handlers import complete_fields, provider

    profile = attrs.evolve(provider(), fields=attrs.evolve(complete_fields(), packages=()))
    facts = Facts(approved_images=5, schedule_defined=True, identity_verified=True)
    hints = nudges(completeness(profile, facts), facts, T, published=True)  # 82: short of Instant Book
    assert [(n.item, n.goal) for n in hints] == [("packages", "instant_book"), ("portfolio_full", "instant_book")]
    assert hints[1].message == "Add 3 more portfolio images to reach Instant Book."
    eligible_but_unverified = Facts(approved_images=8, schedule_defined=True)
    complete = attrs.evolve(provider(), fields=complete_fields())
    only = nudges(completeness(complete, eligible_but_unverified), eligible_but_unverified, T, published=True)
    assert [n.item for n in only] == ["identity"]
    empty = Facts()
    first = nudges(completeness(provider(), empty), empty, T, published=False)
    assert len(first) == 3 and all(n.goal == "publish" for n in first)
    assert "Add 3 more portfolio images to publish." in [n.message for n in first]


def test_sending_twice_sends_nothing_twice_and_quiet_recipients_get_it_later() -> None:
    database = InMemoryDatabase()

    def new_uow() -> InMemoryDigestsUnitOfWork:
        return InMemoryDigestsUnitOfWork(database)

    with new_uow() as uow:
        for n in (1, 2, 3, 4):
            uow.profiles.add(draft(n))
        uow.commit()
    set_preferences(SetDigestPreferences(OPERATOR, LA), new_uow())
    set_preferences(
        SetDigestPreferences(OPERATOR, Preferences("prf_0002", "bo@example.com", True, False, "Asia/Tokyo")), new_uow()
    )
    set_preferences(
        SetDigestPreferences(OPERATOR, Preferences("prf_0003", "cy@example.com", digest_consent=False)), new_uow()
    )
    set_preferences(
        SetDigestPreferences(OPERATOR, Preferences("prf_0004", "di@example.com", True, max_per_week=0)), new_uow()
    )
    with pytest.raises(NotFound):
        set_preferences(SetDigestPreferences(OPERATOR, Preferences("prf_nope", "x@example.com")), new_uow())
    clock = FixedClock(AFTERNOON_UTC)
    first = send_weekly_digests(SendWeeklyDigests(OPERATOR, "2026-W48"), new_uow(), clock, T)
    assert first.outcomes == {"send": 1, "quiet-hours": 1, "no-consent": 1, "frequency-cap": 1}
    again = send_weekly_digests(SendWeeklyDigests(OPERATOR, "2026-W48"), new_uow(), clock, T)
    assert again.sent == 0 and again.outcomes["already-sent"] == 1
    clock.advance(timedelta(hours=8))  # 11:00 in Tokyo
    later = send_weekly_digests(SendWeeklyDigests(OPERATOR, "2026-W48"), new_uow(), clock, T)
    assert later.sent == 1
    messages = new_uow().notifier.messages
    assert [m.recipient_id for m in messages] == ["prf_0001", "prf_0002"]
    assert "Next steps:" in messages[0].body and "Next steps:" not in messages[1].body  # no nudge consent
    assert messages[0].subject == "Your RastUp week 2026-W48"

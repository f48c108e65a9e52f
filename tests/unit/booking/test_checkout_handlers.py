"""Checkout on the in-memory twin: feasibility from the calendar, the hold, and an expired hold freeing it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import attrs
import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.payments import InMemoryPaymentGateway
from core.booking.checkout import CheckoutRules, ConfirmCheckout, StartCheckout, confirm_checkout, start_checkout
from core.booking.errors import QuoteExpired, SlotNotOffered, SlotUnavailable
from core.booking.handlers import expire_due_bookings
from core.booking.states import BookingState
from core.calendar import Schedule, WeeklyRule
from core.calendar.records import StoredSchedule
from core.cancellation.policies import STRICT
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role, ServiceProfile
from core.shared.actor import Actor
from core.shared.errors import NotFound
from core.shared.money import Money
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock

NOW = datetime(2030, 1, 7, 17, 0, tzinfo=UTC)  # Monday 09:00 in Los Angeles
START = NOW + timedelta(days=1, hours=1)  # Tuesday 10:00 local


class World:
    def __init__(self) -> None:
        self.uow, self.clock, self.ids = InMemoryBookingUnitOfWork(), FakeClock(NOW), CountingIds()
        fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name="Ana", roles=(Role.PHOTOGRAPHER,),
                                         city="los-angeles")  # fmt: skip
        profile = ProfileDraft.new(profile_id="prf_1", kind=ProfileKind.PROVIDER, slug="ana", fields=fields, now=NOW)
        profile.publish(NOW)  # only published pages offer their services
        rules = [WeeklyRule(day, time(9), time(17)) for day in range(5)]
        schedule = Schedule("prf_1", "America/Los_Angeles", rules, buffer_after=timedelta(minutes=30),
                            min_notice=timedelta(hours=2))  # fmt: skip
        with self.uow:
            self.uow.services.add(profile)
            self.uow.services.add_service(
                ServiceProfile(
                    "spf_1", "prf_1", Role.PHOTOGRAPHER, "Portraits", Money.of_major(100, "USD"), instant_book=True
                )
            )
            self.uow.schedules.save(StoredSchedule(schedule, 1, NOW), 0)
            self.uow.commit()

    def start(self, client: str, start: datetime = START, hours: int = 2) -> BookingState:
        command = StartCheckout(
            actor=Actor(client),
            idempotency_key=f"{client}-{start}",
            service_profile_id="spf_1",
            start=start,
            end=start + timedelta(hours=hours),
        )
        return start_checkout(command, self.uow, self.clock, self.ids, CheckoutRules()).booking.state


def test_a_feasible_slot_is_held_and_the_calendar_then_sees_it_busy() -> None:
    world = World()
    assert world.start("cli_a") is BookingState.HELD
    with pytest.raises(SlotUnavailable):
        world.start("cli_b", START + timedelta(hours=2))  # inside the 30-minute buffer after the first
    assert world.start("cli_b", START + timedelta(hours=2, minutes=30), hours=1) is BookingState.HELD


def test_the_calendar_refuses_closed_hours_and_short_notice_with_its_reasons() -> None:
    world = World()
    with pytest.raises(SlotNotOffered) as evening:
        world.start("cli_a", START + timedelta(hours=8))
    assert evening.value.reasons == ("outside-hours",)
    with pytest.raises(SlotNotOffered) as soon:
        world.start("cli_a", NOW + timedelta(hours=1))
    assert "minimum-notice" in soon.value.reasons
    assert world.uow.committed_bookings == {}


def test_an_expired_hold_frees_capacity_and_cannot_be_paid() -> None:
    world = World()
    world.start("cli_a")
    txn = next(iter(world.uow.committed_bookings))
    world.clock.advance(timedelta(minutes=15))
    assert expire_due_bookings(world.uow, world.clock) == [txn]
    assert world.start("cli_b") is BookingState.HELD
    late = ConfirmCheckout(actor=Actor("cli_a"), idempotency_key="pay", txn_id=txn,
                           method_ref="pm_card_visa")  # fmt: skip
    with pytest.raises(QuoteExpired):
        confirm_checkout(late, world.uow, world.clock, InMemoryPaymentGateway(CountingIds()))


def test_checkout_quotes_the_cancellation_policy_the_service_chose() -> None:
    world = World()
    with world.uow:
        service = world.uow.services.get_service("spf_1")
        world.uow.services.save_service(attrs.evolve(service, cancellation_policy="strict"))
        world.uow.commit()
    command = StartCheckout(actor=Actor("cli_a"), idempotency_key="k", service_profile_id="spf_1",
                            start=START, end=START + timedelta(hours=2))  # fmt: skip
    quote = start_checkout(command, world.uow, world.clock, world.ids, CheckoutRules()).quote
    assert quote is not None and quote.policy.name == "strict" and quote.policy_summary == STRICT.summary()


def test_an_unpublished_profiles_service_cannot_be_booked_and_nothing_is_written() -> None:
    world = World()
    with world.uow:
        profile = world.uow.services.get("prf_1")
        read_version = profile.version
        profile.unpublish(NOW)
        world.uow.services.save(profile, expected_version=read_version)
        world.uow.commit()
    with pytest.raises(NotFound):
        world.start("cli_1")
    assert world.uow.committed_bookings == {}

"""A booking's events open its thread once and post its notices; a provider profile nobody owns gets no thread."""

from __future__ import annotations

from typing import Any

import attrs

from adapters.memory.clock import SequentialIds
from core.booking.events import BookingConfirmed, BookingEvent, BookingRequested
from core.booking.states import ActorKind, ActorRef, BookingState
from core.booking.timeline import ActionCard
from core.messaging.booking_threads import BookingThreads
from core.messaging.model import ThreadKind
from tests.unit.messaging.messaging_world import T0, World


@attrs.frozen
class Owners:
    provider_owner: str | None

    def of_booking(self, booking_id: str) -> tuple[str, str | None]:
        return "usr_client", self.provider_owner

    def owner_of(self, profile_id: str) -> str | None:
        assert profile_id == "prf_1"
        return self.provider_owner


def event(kind: type[BookingEvent], state: BookingState, **extra: Any) -> BookingEvent:
    card = ActionCard(state=state, actor=None, action="wait", due_by=None, issued_at=T0)
    return kind(booking_id="bkg_1", from_state=None, to_state=state, actor=ActorRef(ActorKind.CLIENT, "usr_client"),
                occurred_at=T0, next_action=card, provider_id="prf_1", studio_id=None, **extra)  # fmt: skip


def test_the_first_event_opens_the_thread_and_later_ones_post_to_it() -> None:
    world = World()
    threads = BookingThreads(world.new_uow, Owners("usr_pro"), SequentialIds())
    requested = event(BookingRequested, BookingState.REQUESTED, start=T0, end=T0, instant_book=False)
    first = threads.on_booking(requested)
    second = threads.on_booking(event(BookingConfirmed, BookingState.CONFIRMED, payment_intent_id="pi_1"))
    assert first == second is not None
    with world.new_uow().reading() as uow:
        thread = uow.threads.get(first)
        notices = [m.body for m in uow.messages.page(first, None, 10)]
    assert thread.kind is ThreadKind.BOOKING and thread.phone_allowed and thread.parties == ("usr_client", "usr_pro")
    assert notices[0].startswith("Booking confirmed") and notices[1] == "Booking requested."
    assert thread.starter.unread == 2 == thread.recipient.unread and len(world.events) == 2


def test_nobody_to_talk_to_means_no_thread() -> None:
    world = World()
    threads = BookingThreads(world.new_uow, Owners(None), SequentialIds())
    assert threads.on_booking(event(BookingConfirmed, BookingState.CONFIRMED, payment_intent_id="pi_1")) is None
    with world.new_uow().reading() as uow:
        assert uow.threads.of_booking("bkg_1") is None

"""Each booking's thread: opened by the booking's first event, it carries the booking's system notices (requested,
accepted, confirmed, declined, expired, cancelled, completed) beside the two parties' messages. Once the booking is
confirmed a phone number may be shared there (for the day of the shoot) without the screen counting it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

from core.booking.events import (
    BookingAccepted,
    BookingCancelled,
    BookingCompleted,
    BookingConfirmed,
    BookingDeclined,
    BookingEvent,
    BookingRequested,
    HoldExpired,
    RequestExpired,
)
from core.messaging.circumvention import Action, Verdict
from core.messaging.events import MessagePosted
from core.messaging.model import Message, Thread
from core.messaging.ports import MessagingUnitOfWork
from core.shared.clock import IdGenerator

NOTICES: dict[type[BookingEvent], str] = {
    BookingRequested: "Booking requested.",
    BookingAccepted: "Booking accepted: the slot is held for payment.",
    BookingConfirmed: "Booking confirmed. You may now share a phone number for the day of the shoot.",
    BookingDeclined: "Booking declined.",
    RequestExpired: "The booking request expired without an answer.",
    HoldExpired: "The hold expired before payment.",
    BookingCancelled: "Booking cancelled.",
    BookingCompleted: "Booking completed.",
}


_DELIVERED = Verdict(Action.DELIVER)


class BookingParties(Protocol):
    def of_booking(self, booking_id: str) -> tuple[str, str | None]:
        """The booking's client and the owner of its provider profile (``None`` when it has none)."""
        ...

    def owner_of(self, profile_id: str) -> str | None:
        """The owner of a profile (``None`` when it has none)."""
        ...


@attrs.frozen
class BookingThreads:
    new_uow: Callable[[], MessagingUnitOfWork]
    parties: BookingParties
    ids: IdGenerator

    def on_booking(self, event: BookingEvent) -> str | None:
        """Post ``event``'s notice to its booking's thread, opening the thread first if need be; answers the thread's
        id (``None`` for an event with no notice, or a provider profile nobody owns: no one to talk to)."""
        notice = NOTICES.get(type(event))
        if notice is None:
            return None
        if event.client_id is not None:  # the event names the client: only the profile's owner is read
            client, provider = event.client_id, self.parties.owner_of(event.provider_id)
        else:
            client, provider = self.parties.of_booking(event.booking_id)
        if provider is None or provider == client:
            return None
        uow = self.new_uow()
        with uow:
            thread = uow.threads.of_booking(event.booking_id)
            if opened := thread is None:
                thread = Thread.for_booking(
                    self.ids.new_id("thr"), event.booking_id, client, provider, event.occurred_at
                )
            message = Message(id=self.ids.new_id("msg"), thread_id=thread.id, sender_id=None, body=notice,
                              shown_body=notice, client_message_id=None, sent_at=event.occurred_at)  # fmt: skip
            thread.phone_allowed = thread.phone_allowed or isinstance(event, BookingConfirmed)
            thread.post(message, _DELIVERED)
            if opened:
                uow.threads.add(thread)
            else:
                uow.threads.save(thread)
            uow.messages.add(message)
            uow.record(MessagePosted(thread_id=thread.id, message_id=message.id, sender_id=None, to=thread.parties,
                                     sent_at=message.sent_at))  # fmt: skip
            uow.commit()
        return thread.id

"""Booking mails: the client's confirmation, cancellation (with the refund amounts) and staff refunds; the provider's
payout notice.

Consumers of the outbox: the events they tell about are outbound ``after_answer``, so no mail is read, rendered or
queued on the path of the request that recorded them (a checkout answers without any mail work); the relay hands
each to its consumer, which reads what it needs in its own units and hands a plain-text email with an HTML
alternative to the ``EmailSender`` (the delivery queue in service), once per event (the inbox marks it sent).
An erased account, or a party without one, is told nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.booking.events import BookingCancelled, BookingConfirmed
from core.booking.mail_templates import (
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    PART_REFUNDED,
    PAYOUT_SENT,
    MailTemplate,
)
from core.booking.ports import BookingUnitOfWork
from core.booking.staff_refund_records import StaffRefundSent
from core.identity.delivery import EmailMessage, EmailSender
from core.identity.ports import IdentityUnitOfWork
from core.payments.payouts import PayoutMethod, PayoutSent
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.outbox import OutboxMessage, topic_of_type
from core.shared.relay import Consumer, once_after_steps
from core.shared.unit_of_work import InboxUnitOfWork

HOW = {PayoutMethod.TRANSFER: "a transfer to your connected account",
       PayoutMethod.MANUAL: "a bank payment from our payout run"}  # fmt: skip


class BookingMails:
    def __init__(
        self,
        new_booking_uow: Callable[[], BookingUnitOfWork],
        new_identity_uow: Callable[[], IdentityUnitOfWork],
        email: EmailSender,
    ) -> None:
        self._new_booking_uow = new_booking_uow
        self._new_identity_uow = new_identity_uow
        self._email = email

    def confirmed(self, event: BookingConfirmed) -> None:
        uow = self._new_booking_uow()
        with uow.reading():
            booking = uow.bookings.get(event.booking_id)
        fields = {"booking_id": booking.id, "start": booking.start.strftime("%Y-%m-%d %H:%M"),
                  "end": booking.end.strftime("%Y-%m-%d %H:%M"), "total": booking.captured.format(),
                  "policy": booking.policy.summary()}  # fmt: skip
        self._send(booking.client_id, BOOKING_CONFIRMED, fields)

    def cancelled(self, event: BookingCancelled) -> None:
        uow = self._new_booking_uow()
        with uow.reading():
            client_id = uow.bookings.get(event.booking_id).client_id
        quote = event.refund
        fields = {"booking_id": event.booking_id, "cancelled_by": event.actor.kind.value,
                  "refund": quote.refund_to_client.format(), "previously_refunded": quote.previously_refunded.format(),
                  "captured": quote.captured.format()}  # fmt: skip
        self._send(client_id, BOOKING_CANCELLED, fields)

    def part_refunded(self, event: StaffRefundSent) -> None:
        uow = self._new_booking_uow()
        with uow.reading():
            booking = uow.bookings.get(event.booking_id)
        fields = {"booking_id": booking.id, "amount": event.amount.format(), "reason": event.reason,
                  "refunded": booking.refunded.format()}  # fmt: skip
        self._send(booking.client_id, PART_REFUNDED, fields)

    def paid_out(self, event: PayoutSent) -> None:
        fields = {"booking_id": event.booking_id, "amount": event.amount.format(), "method": HOW[event.method],
                  "reference": event.reference or f"payout:{event.booking_id}"}  # fmt: skip
        self._send(event.provider_id, PAYOUT_SENT, fields)

    def _send(self, user_id: str, template: MailTemplate, fields: dict[str, str]) -> None:
        uow = self._new_identity_uow()
        with uow.reading():
            user = uow.users.get(user_id)
        if user is None:
            return
        subject, text, html = template.render(fields)
        self._email.send(EmailMessage(user.email, subject, text, html))


def booking_mail_consumers(
    new_booking_uow: Callable[[], BookingUnitOfWork],
    new_identity_uow: Callable[[], IdentityUnitOfWork],
    email: EmailSender,
    inbox_uow: Callable[[], InboxUnitOfWork],
    clock: Clock,
) -> list[Consumer]:
    """The booking mails as outbox consumers ``booking-mail.<what>``, each once per event by ``inbox_uow``'s inbox
    (a mail queued but not yet marked when the relay died is queued again on redelivery: at least once)."""
    mails = BookingMails(new_booking_uow, new_identity_uow, email)
    by_event: list[tuple[str, type[Event], Callable[[Any], None]]] = [
        ("booking-mail.confirmed", BookingConfirmed, mails.confirmed),
        ("booking-mail.cancelled", BookingCancelled, mails.cancelled),
        ("booking-mail.part-refunded", StaffRefundSent, mails.part_refunded),
        ("booking-mail.paid-out", PayoutSent, mails.paid_out),
    ]
    return [_consumer(name, kind, send, inbox_uow, clock) for name, kind, send in by_event]


def _consumer(
    name: str, kind: type[Event], send: Callable[[Any], None], inbox_uow: Callable[[], InboxUnitOfWork], clock: Clock
) -> Consumer:
    def mailed(event: Event) -> object:
        if not isinstance(event, kind):
            raise TypeError(f"{name} consumes {kind.__name__}, not {type(event).__name__}")
        send(event)
        return "queued"

    consume: Callable[[OutboxMessage], object] = once_after_steps(name, inbox_uow, clock, mailed)
    return Consumer(name, topic_of_type(kind), consume)

"""The ``Booking`` aggregate: applies commands through the transition table and records events."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from core.booking import events as ev
from core.booking.amounts import BookingAmounts
from core.booking.commands import (
    AcceptBooking,
    BookingCommand,
    CancelBooking,
    ConfirmBooking,
    DeclineBooking,
    ExpireHold,
    ExpireRequest,
    RequestBooking,
)
from core.booking.errors import NotBookingParty
from core.booking.refunds import RefundQuote, refund_quote
from core.booking.states import ActorKind, ActorRef, BookingState
from core.booking.timeline import ActionCard, next_action
from core.booking.transitions import Transition, select_transition
from core.cancellation.policies import CancellationPolicy
from core.payments.model import MAX_AUTHORIZATION_AGE, PaymentIntent, PaymentStatus
from core.shared.errors import InvalidInput
from core.shared.events import Event
from core.shared.money import Money


def _shorter_than_an_authorization(_rules: object, _attribute: object, hold_ttl: timedelta) -> None:
    # A held booking's payment is an authorization until it is captured or voided with the hold: it may not
    # outlive what a card issuer keeps (Stripe: 7 days; we stay a day short).
    if not timedelta(0) < hold_ttl <= MAX_AUTHORIZATION_AGE:
        raise InvalidInput("hold_ttl", f"must be positive and at most {MAX_AUTHORIZATION_AGE}")


@attrs.frozen
class BookingRules:
    """Deadlines, injected from settings: how long a provider may take to answer, a client to pay."""

    response_window: timedelta = timedelta(hours=24)
    hold_ttl: timedelta = attrs.field(default=timedelta(minutes=15), validator=_shorter_than_an_authorization)


@attrs.define
class Booking:
    """One booking of a provider (and maybe a studio) by a client, from request to its end state."""

    id: str
    client_id: str
    provider_id: str
    studio_id: str | None
    service_profile_id: str
    start: datetime
    end: datetime
    buffer_before: timedelta
    buffer_after: timedelta
    amounts: BookingAmounts
    policy: CancellationPolicy
    instant_book: bool
    hold_ttl: timedelta
    state: BookingState
    created_at: datetime
    captured: Money
    refunded: Money
    respond_by: datetime | None = None
    hold_expires_at: datetime | None = None
    payment_intent_id: str | None = None
    cancelled_by: ActorRef | None = None
    decline_reason: str | None = None
    refund: RefundQuote | None = None
    timeline: list[ActionCard] = attrs.Factory(list)
    version: int = 0
    pending_events: list[Event] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def request(
        cls, command: RequestBooking, booking_id: str, now: datetime, rules: BookingRules, *, by: ActorRef
    ) -> Booking:
        """A new booking, ``requested`` (``held`` if Instant Book), asked for ``by`` its client.

        Raises ``InvalidInput`` for a past or empty slot, ``NotBookingParty`` unless the client asks.
        """
        quote = command.quote
        if by.id != command.client_id:
            raise NotBookingParty(booking_id, by.kind, by.id)
        if quote.start <= now or quote.end <= quote.start:
            raise InvalidInput("start", "a booking starts in the future and ends after it starts")
        if command.buffer_before < timedelta(0) or command.buffer_after < timedelta(0):
            raise InvalidInput("buffer", "buffers are not negative")
        zero = Money.zero(quote.currency)
        booking = cls(
            id=booking_id,
            client_id=command.client_id,
            provider_id=command.provider_id,
            studio_id=command.studio_id,
            service_profile_id=command.service_profile_id,
            start=quote.start,
            end=quote.end,
            buffer_before=command.buffer_before,
            buffer_after=command.buffer_after,
            amounts=quote.amounts,
            policy=quote.policy,
            instant_book=command.instant_book,
            hold_ttl=rules.hold_ttl,
            state=BookingState.REQUESTED,
            created_at=now,
            captured=zero,
            refunded=zero,
            respond_by=min(now + rules.response_window, quote.start),
        )
        row = select_transition(booking, None, command, by.kind, now)
        if row.to_state is BookingState.HELD:
            booking.respond_by = None
            booking.hold_expires_at = min(now + booking.hold_ttl, booking.start)
        booking._enter(
            row,
            command,
            by,
            now,
            extra={
                "start": booking.start,
                "end": booking.end,
                "instant_book": booking.instant_book,
            },
        )
        return booking

    def check(self, command: BookingCommand, now: datetime, *, by: ActorRef) -> Transition:
        """The row ``command`` would take now, without changing anything. Raises like ``apply``."""
        self._check_party(by)
        return select_transition(self, self.state, command, by.kind, now)

    def apply(
        self, command: BookingCommand, now: datetime, payment: PaymentIntent | None = None, *, by: ActorRef
    ) -> ev.BookingEvent:
        """Move the booking by ``command``, issued ``by`` one of its parties (the role the core found its actor
        plays), and return the recorded event.

        ``ConfirmBooking`` needs the captured ``payment`` for the booking total. Raises ``NotBookingParty``,
        ``IllegalTransition``, ``GuardRejected``, ``InvalidInput`` (refund override, payment mismatch).
        """
        row = self.check(command, now, by=by)
        extra: dict[str, Any] = {}
        match command:
            case AcceptBooking():
                self.respond_by = None
                self.hold_expires_at = min(now + self.hold_ttl, self.start)
                extra["hold_expires_at"] = self.hold_expires_at
            case DeclineBooking(reason=reason):
                self.decline_reason = extra["reason"] = reason
            case ConfirmBooking():
                self._take_payment(payment)
                extra["payment_intent_id"] = self.payment_intent_id
            case ExpireHold():
                extra["payment_intent_id"] = self.payment_intent_id  # an authorization to void, if any
            case CancelBooking(override=override):
                quote = refund_quote(
                    self.amounts,
                    self.policy,
                    now,
                    self.start,
                    by.kind,
                    self.refunded,
                    captured=self.captured,
                    override=override,
                )
                self.refund = extra["refund"] = quote
                self.refunded = self.refunded + quote.refund_to_client
                self.cancelled_by = by
        return self._enter(row, command, by, now, extra)

    def record_refund(self, amount: Money) -> None:
        """Staff gave back ``amount`` outside a cancellation: a later cancellation's quote counts it as refunded.
        Raises ``InvalidInput`` unless 0 < amount <= captured minus refunded."""
        if not 0 < amount.amount <= (self.captured - self.refunded).amount:
            raise InvalidInput("amount", "a refund gives back part of what was captured and not yet refunded")
        self.refunded = self.refunded + amount

    def await_authentication(self, intent_id: str) -> None:
        """Remember the payment the client must still authenticate: confirming again resumes it, and the hold's
        expiry or a cancellation voids it. The booking stays held; nothing else changes."""
        if self.state is not BookingState.HELD:
            raise InvalidInput("payment", "only a held booking waits for its payment")
        self.payment_intent_id = intent_id

    def expire_if_due(self, now: datetime) -> ev.BookingEvent | None:
        """Expire an unanswered request or an unpaid hold whose deadline has passed; else do nothing."""
        system = ActorRef.system()
        if self.state is BookingState.REQUESTED and self.respond_by is not None and now >= self.respond_by:
            return self.apply(ExpireRequest(booking_id=self.id), now, by=system)
        if self.state is BookingState.HELD and self.hold_expires_at is not None and now >= self.hold_expires_at:
            return self.apply(ExpireHold(booking_id=self.id), now, by=system)
        return None

    @property
    def next_action(self) -> ActionCard:
        return self.timeline[-1]

    def pull_events(self) -> list[Event]:
        """Return and forget the events recorded since the last pull."""
        events, self.pending_events = self.pending_events, []
        return events

    def _check_party(self, actor: ActorRef) -> None:
        party = {ActorKind.CLIENT: self.client_id, ActorKind.PROVIDER: self.provider_id}.get(actor.kind)
        if party is not None and party != actor.id:
            raise NotBookingParty(self.id, actor.kind, actor.id)

    def _take_payment(self, payment: PaymentIntent | None) -> None:
        total = self.amounts.total
        if payment is None or payment.status is not PaymentStatus.CAPTURED or payment.amount_captured != total:
            raise InvalidInput("payment", f"confirming needs a captured payment of {total.format()}")
        self.payment_intent_id = payment.id
        self.captured = payment.amount_captured

    def _enter(
        self, row: Transition, command: BookingCommand, by: ActorRef, now: datetime, extra: dict[str, Any]
    ) -> ev.BookingEvent:
        self.state = row.to_state
        card = next_action(
            self.state, now, respond_by=self.respond_by, hold_expires_at=self.hold_expires_at, end=self.end
        )
        self.timeline.append(card)
        event = ev.EVENT_FOR_COMMAND[type(command)](
            booking_id=self.id,
            from_state=row.from_state,
            to_state=row.to_state,
            actor=by,
            occurred_at=now,
            next_action=card,
            provider_id=self.provider_id,
            studio_id=self.studio_id,
            client_id=self.client_id,
            **extra,
        )
        self.pending_events.append(event)
        return event

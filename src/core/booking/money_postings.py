"""A booking's money events as ledger postings, written in the transaction that records each event.

A unit of work given ``post_money_event`` runs it on every event recorded in it, before its commit: the postings
commit with the booking's change or not at all. Each posting is keyed by the level it brings the ledger to
(``core.payments.catch_up``), so a webhook or the reconciliation sweep seeing the same money posts it once.
"""

from __future__ import annotations

from core.booking.events import (
    BookingCancelled,
    BookingCompleted,
    BookingConfirmed,
    BookingDeclined,
    BookingEvent,
    HoldExpired,
    RequestExpired,
)
from core.booking.model import Booking
from core.booking.money_ports import MoneyUnitOfWork
from core.payments.catch_up import catch_up, intent_figures
from core.payments.ledger import BookingLedger, Posting, Split
from core.payments.ledger_errors import PayoutFrozen
from core.payments.webhooks import GatewayTotals
from core.shared.events import Event

RELEASING = (BookingDeclined, RequestExpired, HoldExpired)
MONEY_EVENTS = (BookingConfirmed, BookingCancelled, BookingCompleted, *RELEASING)


def split_of(booking: Booking) -> Split:
    amounts = booking.amounts
    return Split(amounts.subtotal, amounts.service_fee, amounts.tax)


def ledger_of(uow: MoneyUnitOfWork, booking: Booking) -> BookingLedger:
    return BookingLedger(booking.id, booking.amounts.currency, list(uow.ledger.entries(booking.id)))


def booking_totals(booking: Booking, intent_id: str) -> GatewayTotals:
    """What the booking itself knows was taken and given back on its intent (a confirmed booking was captured)."""
    return GatewayTotals(intent_id, booking.captured, booking.captured, booking.refunded, final=True)


def postings_for(event: BookingEvent, booking: Booking, ledger: BookingLedger) -> list[Posting]:
    """The postings ``event`` calls for (applied to ``ledger``); none for an event that moves no money."""
    intent = booking.payment_intent_id
    at = event.occurred_at
    match event:
        case BookingConfirmed(payment_intent_id=paid):
            return catch_up(ledger, booking_totals(booking, paid), split_of(booking), at)
        case BookingCancelled(refund=quote) if intent is not None:
            keeps = (quote.payout_to_provider, quote.platform_share, quote.retained_tax)
            return catch_up(ledger, booking_totals(booking, intent), split_of(booking), at, keeps)
        case BookingCompleted():
            try:
                payout = ledger.payout(f"payout:{booking.id}", at)
            except PayoutFrozen:  # the sweep pays it once the dispute is won
                return []
            return [payout] if payout is not None else []
        case _ if isinstance(event, RELEASING):
            held = [(i, intent_figures(ledger, i).held) for i in ledger.intents()]
            return [p for i, amount in held if (p := ledger.release(i, f"release:{i}", at, amount)) is not None]
    return []


def post_money_event(uow: MoneyUnitOfWork, event: Event) -> None:
    """Post what ``event`` did to the booking's money, in ``uow``'s transaction (the booking as just saved)."""
    if not isinstance(event, MONEY_EVENTS):  # most events move no money: no reads for them
        return
    booking = uow.bookings.get(event.booking_id)
    for posting in postings_for(event, booking, ledger_of(uow, booking)):
        uow.ledger.post(posting)

"""Gateway events (webhooks) applied to bookings' ledgers: each event id once, in the transaction of its effect.

An event only ever brings the ledger forward (``core.payments.catch_up``): a late or repeated report of a lower
figure posts nothing, so events arriving out of order never move a booking's money backwards. A dispute opening
freezes the provider's payout and stores the evidence pack; a closing (even one arriving first) settles it.
"""

from __future__ import annotations

from enum import StrEnum

from core.booking.evidence import evidence_pack
from core.booking.model import Booking
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.money_postings import ledger_of, split_of
from core.booking.states import BookingState
from core.payments.catch_up import catch_up
from core.payments.ledger import BookingLedger, Posting
from core.payments.webhooks import (
    CLOSED_DISPUTE_STATUSES,
    DisputeFacts,
    DisputeRecord,
    GatewayEvent,
    GatewayEventKind,
)
from core.shared.clock import Clock
from core.shared.errors import NotFound
from core.shared.money import Money

DISPUTES = {GatewayEventKind.DISPUTE_CREATED, GatewayEventKind.DISPUTE_UPDATED, GatewayEventKind.DISPUTE_CLOSED}


class WebhookOutcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # its id was applied before: acknowledged, no second effect
    UNMATCHED = "unmatched"  # names no booking we know
    IGNORED = "ignored"  # a type (or status) that moves no money


def apply_gateway_event(event: GatewayEvent, uow: MoneyUnitOfWork, clock: Clock) -> WebhookOutcome:
    """Claim ``event.id`` and apply its effect in one unit of work; a claimed id changes nothing again."""
    with uow:
        if not uow.payment_events.claim(event.id, event.type, clock.now()):
            return WebhookOutcome.DUPLICATE
        outcome = _effect(event, uow, clock)
        uow.commit()
        return outcome


def _effect(event: GatewayEvent, uow: MoneyUnitOfWork, clock: Clock) -> WebhookOutcome:
    if event.totals is None and (event.dispute is None or event.kind not in DISPUTES):
        return WebhookOutcome.IGNORED
    booking = _booking(event, uow)
    if booking is None:
        return WebhookOutcome.UNMATCHED
    ledger = ledger_of(uow, booking)
    if event.dispute is not None:
        postings = _dispute(event, event.dispute, booking, ledger, uow, clock)
    else:
        assert event.totals is not None
        postings = catch_up(ledger, event.totals, split_of(booking), event.created)
    for posting in postings:
        uow.ledger.post(posting)
    return WebhookOutcome.APPLIED


def _booking(event: GatewayEvent, uow: MoneyUnitOfWork) -> Booking | None:
    found = uow.ledger.booking_of_intent(event.intent_id) if event.intent_id else None
    booking_id = found or event.booking_id
    if booking_id is None:
        return None
    try:
        return uow.bookings.get(booking_id)
    except NotFound:
        return None


def _dispute(
    event: GatewayEvent,
    facts: DisputeFacts,
    booking: Booking,
    ledger: BookingLedger,
    uow: MoneyUnitOfWork,
    clock: Clock,
) -> list[Posting]:
    """Open the dispute (freezing the payout) unless it was opened already; close it when the gateway says it is."""
    opened_key, postings = f"dispute:{facts.dispute_id}", []
    stored = {d.dispute_id: d for d in uow.disputes.of_booking(booking.id)}.get(facts.dispute_id)
    if opened_key not in ledger.keys:
        amount = Money(min(facts.amount.amount, ledger.refundable.amount), ledger.currency)
        if amount.amount > 0 and (opened := ledger.open_dispute(amount, event.intent_id, opened_key, event.created)):
            postings.append(opened)
    status = facts.status
    if stored is not None and not stored.is_open and status not in CLOSED_DISPUTE_STATUSES:
        status = stored.status  # a late "created" or "updated" never reopens a closed dispute
    if status in CLOSED_DISPUTE_STATUSES:
        closed = ledger.close_dispute(status != "lost", event.intent_id, f"dispute-closed:{facts.dispute_id}",
                                      event.created)  # fmt: skip
        postings += [closed] if closed is not None else []
        if booking.state is BookingState.COMPLETED and not ledger.payout_frozen:  # its payout waited: pay it now
            paid = ledger.payout(f"payout:{booking.id}", event.created)
            postings += [paid] if paid is not None else []
    evidence = stored.evidence if stored is not None else evidence_pack(booking, uow.quotes.get(booking.id), ledger)
    opened_at = stored.opened_at if stored is not None else clock.now()
    record = DisputeRecord(facts.dispute_id, booking.id, event.intent_id, facts.amount, facts.reason, status,
                           opened_at, evidence)  # fmt: skip
    uow.disputes.save(record)
    return postings

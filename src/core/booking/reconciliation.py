"""Reconciliation: ask the gateway about every intent the ledger holds funds for (never waiting for webhooks) and
bring the ledger up to it; a cancellation's refund the gateway never made (it failed, and nobody retried the
cancellation) is sent again with its fixed key; what is still ahead of the gateway is listed. Over a window
(``since``), an authorization the ledger never heard of, whose booking cannot use it, is voided."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.checkout_payment import release, settle_cancellation
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.money_postings import ledger_of, split_of
from core.booking.orphan_holds import OrphanHold, orphan_holds
from core.payments.catch_up import behind_the_ledger, catch_up
from core.payments.errors import PaymentError
from core.payments.ledger_errors import LedgerError
from core.payments.model import PaymentIntent, PaymentStatus
from core.payments.ports import PaymentGateway
from core.payments.webhooks import GatewayTotals
from core.shared.clock import Clock
from core.shared.errors import NotFound


@attrs.frozen
class Mismatch:
    """An intent on which the ledger and the gateway disagree in a way the sweep cannot repair."""

    booking_id: str
    intent_id: str
    problem: str


@attrs.frozen
class ReconcileReport:
    checked: int
    repaired: tuple[str, ...]  # intents whose ledger was brought up to the gateway
    mismatches: tuple[Mismatch, ...]
    voided: tuple[OrphanHold, ...] = ()  # authorizations nobody heard of, let go (over ``since`` only)


def gateway_totals(intent: PaymentIntent) -> GatewayTotals:
    """The ``GatewayTotals`` of an intent as the ``PaymentGateway`` port returns it (a status this list does not name,
    such as one still awaiting the client, holds nothing and is not final)."""
    held_or_taken = intent.status in (PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, PaymentStatus.REFUNDED)
    authorized = intent.amount if held_or_taken else intent.amount_captured
    final = intent.status in (PaymentStatus.CAPTURED, PaymentStatus.REFUNDED, PaymentStatus.VOIDED)
    return GatewayTotals(intent.id, authorized, intent.amount_captured, intent.amount_refunded, final)


def reconcile(
    uow: MoneyUnitOfWork, gateway: PaymentGateway, clock: Clock, since: datetime | None = None,
    orphans_since: datetime | None = None,
) -> ReconcileReport:  # fmt: skip
    """One pass: each intent in its own unit of work (a failing one does not stop the others). Then every intent
    created since ``orphans_since`` (default ``since``; neither: none) that holds money for a booking that cannot
    use it is voided."""
    with uow.reading():
        pairs = list(uow.ledger.open_intents())
        if since is not None:
            pairs += uow.ledger.intents_since(since)
    repaired, mismatches = [], []
    for booking_id, intent_id in dict.fromkeys(pairs):
        try:
            totals = gateway_totals(gateway.get(intent_id))
        except PaymentError as error:
            mismatches.append(Mismatch(booking_id, intent_id, f"gateway: {error.code}"))
            continue
        try:
            posted, behind = _repair(uow, booking_id, totals, clock)
            resent = "refunded" in behind and _refund_again(uow, gateway, booking_id)
            if resent:
                posted, behind = _repair(uow, booking_id, gateway_totals(gateway.get(intent_id)), clock)
        except (LedgerError, NotFound) as error:
            mismatches.append(Mismatch(booking_id, intent_id, f"ledger: {error.code}"))
            continue
        except PaymentError as error:
            mismatches.append(Mismatch(booking_id, intent_id, f"gateway: {error.code}"))
            continue
        if posted or (resent and "refunded" not in behind):
            repaired.append(intent_id)
        if behind:
            mismatches.append(Mismatch(booking_id, intent_id, "ledger ahead of gateway: " + ", ".join(behind)))
    orphans_since = since if orphans_since is None else orphans_since
    voided = _void_orphans(uow, gateway, orphans_since, mismatches) if orphans_since is not None else []
    return ReconcileReport(len(dict.fromkeys(pairs)), tuple(repaired), tuple(mismatches), tuple(voided))


def _void_orphans(
    uow: MoneyUnitOfWork, gateway: PaymentGateway, since: datetime, mismatches: list[Mismatch]
) -> list[OrphanHold]:
    """Void each orphan hold with ``release``'s key (a late confirmation's own release of it replays this void);
    one captured or voided meanwhile is left as it is. What the gateway refuses is added to ``mismatches``."""
    try:
        orphans = orphan_holds(uow, gateway, since)
    except PaymentError as error:
        mismatches.append(
            Mismatch("", "", f"gateway: {error.code} (listing the intents created since {since.isoformat()})")
        )
        return []
    voided = []
    for orphan in orphans:
        try:
            released = release(gateway, orphan.booking_id, orphan.intent_id)
        except PaymentError as error:
            mismatches.append(Mismatch(orphan.booking_id, orphan.intent_id, f"gateway: {error.code}"))
            continue
        if released is not None:
            voided.append(orphan)
    return voided


def _refund_again(uow: MoneyUnitOfWork, gateway: PaymentGateway, booking_id: str) -> bool:
    """Send a cancelled booking's refund again (its key is fixed per booking: the gateway refunds at most once);
    False when the booking owes no cancellation refund. The call is made outside any unit of work."""
    with uow.reading():
        booking = uow.bookings.get(booking_id)
    if booking.refund is None:
        return False
    settle_cancellation(gateway, booking)
    return True


def _repair(uow: MoneyUnitOfWork, booking_id: str, totals: GatewayTotals, clock: Clock) -> tuple[int, list[str]]:
    with uow:
        booking = uow.bookings.get(booking_id)
        ledger = ledger_of(uow, booking)
        postings = catch_up(ledger, totals, split_of(booking), clock.now())
        posted = sum(uow.ledger.post(posting) for posting in postings)
        uow.commit()
    return posted, behind_the_ledger(ledger, totals)

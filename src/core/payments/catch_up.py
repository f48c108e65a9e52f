"""Bringing a booking's ledger up to what the gateway says of one intent: monotonic, so never backwards.

Keys name the cumulative level they bring the ledger to (``capture:pi_1:12000``), so the booking's own posting,
a webhook and the reconciliation sweep that see the same level post it once between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from core.payments.ledger import Account, BookingLedger, MoneyEvent, Posting, Split
from core.payments.webhooks import GatewayTotals
from core.shared.money import Money


@attrs.frozen
class IntentFigures:
    """What the ledger holds of one intent: authorised (held ever), captured, refunded, still held."""

    authorized: Money
    captured: Money
    refunded: Money
    held: Money


def intent_figures(ledger: BookingLedger, intent_id: str) -> IntentFigures:
    mine = [e for e in ledger.entries if e.intent_id == intent_id]

    def total(account: Account, kind: MoneyEvent | None = None) -> int:
        return sum(e.amount.amount for e in mine if e.account is account and (kind is None or e.kind is kind))

    def money(minor: int) -> Money:
        return Money(minor, ledger.currency)

    return IntentFigures(
        money(total(Account.FUNDS_HELD, MoneyEvent.HOLD)),
        money(total(Account.CAPTURED)),
        money(-total(Account.REFUNDS)),
        money(total(Account.FUNDS_HELD)),
    )


def catch_up(
    ledger: BookingLedger, totals: GatewayTotals, split: Split, at: datetime, keeps: Sequence[Money] | None = None
) -> list[Posting]:
    """The postings that bring ``ledger`` up to ``totals`` (applied to it), in order: hold, capture, refund, release.
    Figures below the ledger's post nothing. ``keeps`` is a refund quote's (provider, fee, tax) after the refund.
    Raises ``LedgerRuleBroken`` when the gateway reports more refunded than the ledger can return."""
    intent = totals.intent_id
    seen = intent_figures(ledger, intent)
    posted: list[Posting | None] = []
    needed_hold = max(totals.authorized.amount, seen.authorized.amount + totals.captured.amount - seen.captured.amount)
    if needed_hold > seen.authorized.amount:
        more = Money(needed_hold - seen.authorized.amount, ledger.currency)
        posted.append(ledger.hold(more, intent, f"hold:{intent}:{needed_hold}", at))
    if totals.captured > seen.captured:
        more = totals.captured - seen.captured
        posted.append(ledger.capture(more, split, intent, f"capture:{intent}:{totals.captured.amount}", at))
    if totals.refunded > seen.refunded:
        more = totals.refunded - seen.refunded
        posted.append(ledger.refund(more, intent, f"refund:{intent}:{totals.refunded.amount}", at, keeps))
    if totals.final:
        posted.append(ledger.release(intent, f"release:{intent}", at, intent_figures(ledger, intent).held))
    return [posting for posting in posted if posting is not None]


def behind_the_ledger(ledger: BookingLedger, totals: GatewayTotals) -> list[str]:
    """Where the ledger is ahead of the gateway (which catching up cannot repair): the figures that differ."""
    seen = intent_figures(ledger, totals.intent_id)
    found = [
        name
        for name, ours, theirs in (
            ("captured", seen.captured, totals.captured),
            ("refunded", seen.refunded, totals.refunded),
        )
        if ours > theirs
    ]
    if totals.final and seen.held.amount > 0:
        found.append("held")
    return found

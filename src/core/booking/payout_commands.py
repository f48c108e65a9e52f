"""Payouts as commands: the day's payout run with its manual payout file (operator or staff only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import attrs

from core.booking.money_ports import MoneyUnitOfWork
from core.booking.payout_run import PayoutRunReport, run_payouts
from core.payments.payout_ports import PayoutDestinations, PayoutFiles, Payouts
from core.payments.payouts import Payout, PayoutMethod
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock
from core.shared.commands import Command, CommandHandlers

FILE_COLUMNS = ("booking_id", "provider_id", "destination", "amount_minor", "currency", "reference", "sent_at")


@attrs.frozen
class PayoutDay:
    """What a run did, and the manual payout file of the day (``None`` when no manual payout went out that day)."""

    report: PayoutRunReport
    manual: tuple[Payout, ...]
    file: str | None


@attrs.frozen(kw_only=True)
class RunPayouts(Command[PayoutDay]):
    """Send every unsettled payout now, then write the manual payout file of ``day`` (UTC)."""

    actor: Actor
    day: date


def payout_file(payouts: Sequence[Payout]) -> bytes:
    """The manual payouts as CSV (``FILE_COLUMNS``, amounts in minor units), the reference being our payout key."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FILE_COLUMNS)
    for p in payouts:
        sent = "" if p.sent_at is None else p.sent_at.isoformat()
        writer.writerow((p.booking_id, p.provider_id, p.destination, p.amount.amount, p.amount.currency,
                         p.idempotency_key, sent))  # fmt: skip
    return out.getvalue().encode()


def run_payouts_of_day(
    command: RunPayouts,
    uow: MoneyUnitOfWork,
    payouts: Payouts,
    destinations: PayoutDestinations,
    files: PayoutFiles,
    clock: Clock,
) -> PayoutDay:
    """Raises ``StaffOnly`` for anyone but staff or the operator. Idempotent: a second run sends nothing again and
    rewrites the same file."""
    require_staff(command.actor, "admin")
    report = run_payouts(uow, payouts, destinations, clock)
    start = datetime.combine(command.day, time(), UTC)
    with uow.reading():
        sent = uow.payouts.sent_between(start, start + timedelta(days=1))
    manual = tuple(p for p in sent if p.method is PayoutMethod.MANUAL)
    location = files.write(f"payouts-{command.day.isoformat()}.csv", payout_file(manual)) if manual else None
    return PayoutDay(report, manual, location)


COMMANDS: CommandHandlers = {RunPayouts: run_payouts_of_day}

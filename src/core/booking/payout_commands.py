"""Payouts as commands: the day's payout run with its manual payout file, and staff releasing a held payout
(admin staff or the operator only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import attrs

from core.booking.money_audit import payout_released
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.payout_run import PayoutRunReport, run_payouts
from core.booking.staff_refunds import MAX_REASON_LENGTH, acting_staff
from core.payments.payout_ports import PayoutDestinations, PayoutFiles, Payouts
from core.payments.payouts import Payout, PayoutMethod, PayoutStatus
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock
from core.shared.commands import Command, CommandHandlers
from core.shared.errors import InvalidInput, NotFound

FILE_COLUMNS = ("booking_id", "provider_id", "destination", "amount_minor", "currency", "reference", "sent_at")


@attrs.frozen
class PayoutDay:
    """What a run did, and the manual payout file of the day (``None`` when no manual payout went out that day)."""

    report: PayoutRunReport
    manual: tuple[Payout, ...]
    file: str | None
    awaiting_review: tuple[Payout, ...]  # every payout held for staff review, this run's and earlier ones


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
        held = tuple(uow.payouts.held())
    manual = tuple(p for p in sent if p.method is PayoutMethod.MANUAL)
    location = files.write(f"payouts-{command.day.isoformat()}.csv", payout_file(manual)) if manual else None
    return PayoutDay(report, manual, location, held)


@attrs.frozen(kw_only=True)
class ReleasePayout(Command[Payout]):
    """Staff reviewed the held payout of ``booking_id`` (NTB-PAY-002): the next run sends it."""

    actor: Actor
    booking_id: str
    reason: str  # why it may go (1-500 characters): kept with the payout and in the audit entry
    second_factor_at: datetime | None = None  # when the staff member's session last proved its second factor


def release_payout(
    command: ReleasePayout, uow: MoneyUnitOfWork, destinations: PayoutDestinations, clock: Clock
) -> Payout:
    """Release a held payout to the provider's destination as it is now (the one reviewed: a later change does
    not redirect it). Raises ``StaffOnly`` (admins only), ``StepUpRequired``, ``NotFound``, ``InvalidInput`` (no
    reason or a longer one than ``MAX_REASON_LENGTH``; not held; no destination yet)."""
    now = clock.now()
    who = acting_staff(command.actor, command.second_factor_at, now, ("admin",), "payout-release")
    reason = command.reason.strip()
    if not reason or len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput("reason", f"1-{MAX_REASON_LENGTH} characters: why the held payout may go")
    with uow:
        payout = uow.payouts.of_booking(command.booking_id)
        if payout is None:
            raise NotFound("payout", command.booking_id)
        if payout.status is not PayoutStatus.HELD:
            raise InvalidInput("payout", f"only a held payout is released; this one is {payout.status.value}")
        destination = destinations.of(payout.provider_id)
        if destination is None:
            raise InvalidInput("destination", "the provider has no payout destination yet")
        released = payout.released(destination.reference, reason, who)
        uow.payouts.save(released)
        uow.audit.append(payout_released(released, who, now))
        uow.commit()
    return released


def held_payouts(uow: MoneyUnitOfWork, actor: Actor) -> list[Payout]:
    """The payouts waiting for staff review, oldest first. Raises ``StaffOnly`` (admins only)."""
    require_staff(actor, "admin")
    with uow.reading():
        return list(uow.payouts.held())


COMMANDS: CommandHandlers = {RunPayouts: run_payouts_of_day, ReleasePayout: release_payout}

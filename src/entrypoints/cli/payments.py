"""`rastup payments ...`: reconcile the ledger with the gateway, the daily report, a dispute's evidence pack, the
payout run and its manual payout file, staff refunds."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated

import typer

from core.booking.evidence import booking_evidence, evidence_summary
from core.booking.payment_commands import ReconcilePayments
from core.booking.payments_report import daily_report
from core.booking.payout_commands import ReleasePayout, RunPayouts
from core.booking.staff_refunds import RefundBooking
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import EXIT_CONFLICT, reports_errors
from entrypoints.cli.invocation import current_container, handle

app = typer.Typer(help="Payments: reconcile the ledger with the gateway, report a day, assemble dispute evidence, "
                       "pay providers out.",
                  no_args_is_help=True)  # fmt: skip


@app.command()
@reports_errors
def reconcile(
    since: Annotated[
        datetime | None,
        typer.Option(
            help="Also check every intent with money moved since then (UTC), and void the authorizations "
            "created since then that nobody heard of and no booking can use."
        ),
    ] = None,
) -> None:
    """Ask the gateway about every intent not final (and those since SINCE) and repair the ledger; with SINCE,
    also void every authorization created since then that the ledger never heard of (its answer was lost) and
    whose booking can no longer use it (ended, or paid with another). Prints JSON. Exits 4 when a mismatch
    remains that cannot be repaired (each is listed)."""
    since = since.replace(tzinfo=UTC) if since is not None and since.tzinfo is None else since
    report = handle(ReconcilePayments(actor=OPERATOR, since=since))
    typer.echo(json.dumps({
        "checked": report.checked, "repaired": list(report.repaired),
        "mismatches": [{"bookingId": m.booking_id, "intentId": m.intent_id, "problem": m.problem}
                       for m in report.mismatches],
        "voided": [{"bookingId": v.booking_id, "intentId": v.intent_id, "reason": v.reason} for v in report.voided],
    }))  # fmt: skip
    if report.mismatches:
        raise typer.Exit(EXIT_CONFLICT)


@app.command()
@reports_errors
def report(
    day: Annotated[datetime, typer.Option("--date", help="The UTC day (YYYY-MM-DD).", formats=["%Y-%m-%d"])],
    gateway: Annotated[bool, typer.Option(help="Also ask the gateway, for the variance against it.")] = True,
) -> None:
    """Totals per currency of the day's ledger postings (minor units) and any variance, one JSON line per currency."""
    container = current_container()
    on: date = day.date()
    for totals in daily_report(container.booking_uow(), on, container.payments() if gateway else None):
        typer.echo(json.dumps({"date": on.isoformat(), "currency": totals.currency, "totals": totals.by_event,
                               "imbalance": totals.imbalance, "gatewayVariance": totals.gateway_variance}))  # fmt: skip


@app.command()
@reports_errors
def evidence(
    booking_id: Annotated[str, typer.Argument(help="The disputed booking.")],
    as_json: Annotated[bool, typer.Option("--json", help="The JSON bundle instead of the readable summary.")] = False,
) -> None:
    """The dispute evidence pack of BOOKING_ID: timeline, policy accepted at checkout, completion, money."""
    pack = booking_evidence(current_container().booking_uow(), booking_id)
    typer.echo(json.dumps(pack, indent=2) if as_json else evidence_summary(pack), nl=as_json)


@app.command()
@reports_errors
def payouts(
    day: Annotated[datetime, typer.Option("--date", help="The UTC day of its payout file.", formats=["%Y-%m-%d"])],
) -> None:
    """Send every payout due now (one per completed booking ever; held ones wait for review), then write the
    day's manual payout file (CSV); prints JSON: what was sent, held, frozen or failed, and the file."""
    done = handle(RunPayouts(actor=OPERATOR, day=day.date()))
    r = done.report
    typer.echo(json.dumps({
        "sent": list(r.sent), "held": list(r.held), "frozen": list(r.frozen), "failed": list(r.failed),
        "manual": [p.booking_id for p in done.manual], "file": done.file,
        "awaitingReview": [{"bookingId": p.booking_id, "reason": p.held_reason and p.held_reason.value}
                           for p in done.awaiting_review],
    }))  # fmt: skip


@app.command()
@reports_errors
def refund(
    booking_id: Annotated[str, typer.Argument(help="The booking whose client gets money back.")],
    amount: Annotated[int, typer.Option(help="In the booking currency's minor units (cents).")],
    reason: Annotated[str, typer.Option(help="Why: kept with the refund.")],
    key: Annotated[str | None, typer.Option(help="Idempotency key: running again with it repeats nothing.")] = None,
) -> None:
    """Give back part of what BOOKING_ID's client paid (several per booking, never above what is refundable:
    exit 4). Above STAFF_REFUND_DUAL_CONTROL_ABOVE it waits for a staff member's approval. Prints JSON."""
    done = handle(RefundBooking(actor=OPERATOR, booking_id=booking_id, amount=amount, reason=reason,
                                idempotency_key=key))  # fmt: skip
    typer.echo(json.dumps({"bookingId": done.booking_id, "seq": done.seq, "amount": done.amount.amount,
                           "currency": done.amount.currency, "status": done.status.value}))  # fmt: skip


@app.command("release-payout")
@reports_errors
def release_payout(
    booking_id: Annotated[str, typer.Argument(help="The booking whose held payout was reviewed.")],
    reason: Annotated[str, typer.Option(help="Why it may go (1-500 characters): kept with it and in the audit log.")],
) -> None:
    """Release a payout held for review (a destination changed in the last 72 h, or none set): the next
    `rastup payments payouts` sends it to the provider's destination as it is now. Prints JSON."""
    payout = handle(ReleasePayout(actor=OPERATOR, booking_id=booking_id, reason=reason))
    typer.echo(json.dumps({"bookingId": payout.booking_id, "status": payout.status.value,
                           "destination": payout.destination, "reason": payout.release_reason}))  # fmt: skip

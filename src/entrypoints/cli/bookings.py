"""`rastup bookings ...`: show, accept, decline, cancel a booking, expire overdue holds, complete ended bookings;
JSON out."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

import typer

from core.booking.checkout import checkout_view
from core.booking.commands import AcceptBooking, BookingResult, CancelBooking, DeclineBooking
from core.booking.handlers import complete_ended_bookings, expire_due_bookings
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, ActorRef
from core.shared.actor import OPERATOR
from core.shared.errors import DomainError
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.booking import BookingOut
from entrypoints.shapes.bounds import REASON, bounded_text
from entrypoints.shapes.converter import unstructured

app = typer.Typer(help="Bookings: inspect them, act for a party, expire overdue holds, complete ended ones.",
                  no_args_is_help=True)  # fmt: skip

ActorOption = Annotated[
    str | None, typer.Option("--actor", help="client:<id>, provider:<id> or staff:<id>; see each command's default.")
]
_ACTORS = {ActorKind.CLIENT, ActorKind.PROVIDER, ActorKind.STAFF}


class ActorRequired(DomainError):
    """The operator did not say (well enough) for whom they act."""

    code = "actor-required"

    def __init__(self, reason: str) -> None:
        super().__init__(f"--actor {reason}: send client:<id>, provider:<id> or staff:<id>", reason=reason)


def actor_of(text: str | None) -> ActorRef:
    """The party the operator acts for, from ``--actor`` (the shell owns the database). Raises ``ActorRequired``."""
    if not text:
        raise ActorRequired("is missing")
    kind, _, actor_id = text.strip().partition(":")
    if kind not in {k.value for k in _ACTORS} or not actor_id or len(actor_id) > 80:
        raise ActorRequired("is malformed")
    return ActorRef(ActorKind(kind), actor_id)


KeyOption = Annotated[
    str | None, typer.Option("--idempotency-key", help="Retry-safe key; the same key replays the first result.")
]


def _show(booking_id: str, replayed: bool = False) -> None:
    container = current_container()
    out = BookingOut.of(checkout_view(container.booking_uow(), booking_id, replayed=replayed))
    typer.echo(json.dumps(unstructured(out), indent=2, ensure_ascii=False))


def _key(key: str | None) -> str:
    return key if key is not None else current_container().ids().new_id("cli")


@app.command()
@reports_errors
def show(booking_id: str) -> None:
    """The booking with its timeline of action cards, refund and quote (the operator's view)."""
    _show(booking_id)


def _acted(result: BookingResult) -> None:
    current_container().pending_availability().refresh_pending()  # the CLI runs no sweep: its marks now
    _show(result.booking_id, result.replayed)


@app.command()
@reports_errors
def accept(booking_id: str, actor: ActorOption = None, idempotency_key: KeyOption = None) -> None:
    """Accept a request for its provider (default actor: the booking's own provider)."""
    command = AcceptBooking(actor=OPERATOR, acting_for=actor_of(actor) if actor else None,
                            idempotency_key=_key(idempotency_key), booking_id=booking_id)  # fmt: skip
    _acted(handle(command))


@app.command()
@reports_errors
def decline(
    booking_id: str,
    reason: Annotated[str, typer.Option(help="Why, for the client.")] = "",
    actor: ActorOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """Decline a request for its provider (default actor: the booking's own provider)."""
    acting_for = actor_of(actor) if actor else None
    reason = bounded_text("reason", reason, REASON)
    command = DeclineBooking(actor=OPERATOR, acting_for=acting_for, idempotency_key=_key(idempotency_key),
                             booking_id=booking_id, reason=reason)  # fmt: skip
    _acted(handle(command))


@app.command()
@reports_errors
def cancel(
    booking_id: str,
    reason: Annotated[str | None, typer.Option(help="Required for staff: why the refund rate was chosen.")] = None,
    refund_bps: Annotated[int, typer.Option(min=0, max=10_000, help="Staff: refund rate, 10000 = all.")] = 10_000,
    actor: ActorOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """Cancel and refund through the payments gateway (default actor: staff:cli, with --reason)."""
    acting_for = actor_of(actor) if actor else None  # none: the operator cancels as staff ("staff:cli")
    reason = bounded_text("reason", reason or "", REASON)
    as_staff = acting_for is None or acting_for.kind is ActorKind.STAFF
    override = StaffOverride(refund_bps, reason) if as_staff else None
    command = CancelBooking(actor=OPERATOR, acting_for=acting_for, idempotency_key=_key(idempotency_key),
                            booking_id=booking_id, override=override)  # fmt: skip
    _acted(handle(command))


@app.command("expire-holds")
@reports_errors
def expire_holds(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many per sweep.")] = 500,
) -> None:
    """Expire unpaid holds and unanswered requests past their deadline, freeing their time (idempotent)."""
    container = current_container()
    uow = container.booking_uow()
    expired = expire_due_bookings(uow, container.clock(), limit)
    container.pending_availability().refresh_pending()  # the freed time is bookable again in the availability index
    typer.echo(json.dumps({"expired": expired, "count": len(expired)}))


@app.command("complete-ended")
@reports_errors
def complete_ended(
    after_hours: Annotated[
        int | None, typer.Option(min=0, help="Hours after the end; default BOOKING_COMPLETE_AFTER_HOURS (24).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many per sweep.")] = 500,
) -> None:
    """Complete confirmed bookings whose end passed at least --after-hours ago (idempotent)."""
    container = current_container()
    hours = container.settings().booking_complete_after_hours if after_hours is None else after_hours
    uow = container.booking_uow()
    completed = complete_ended_bookings(uow, container.clock(), timedelta(hours=hours), limit)
    container.pending_availability().refresh_pending()
    typer.echo(json.dumps({"completed": completed, "count": len(completed)}))

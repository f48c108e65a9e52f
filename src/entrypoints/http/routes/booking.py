"""Checkout and booking routes: start and confirm a checkout; read, cancel, accept, decline, complete a booking.

Who acts comes from the session (``current_user``) and travels in the command; the core decides, inside the
command's own unit of work, whether that user is the booking's client, its provider (owner of the booked
profile) or staff (``core.booking.access``): anyone else gets 404 (the booking's existence is not revealed).
``Idempotency-Key`` makes start, confirm and cancel safe
to retry (same key: the first result; same key, other body: 409); without one a request runs once.
"""

from __future__ import annotations

from typing import Annotated

import attrs
from litestar import Response, Router, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody

from core.booking.checkout import ConfirmCheckout, StartCheckout, booking_for
from core.booking.commands import AcceptBooking, BookingResult, CancelBooking, CompleteBooking, DeclineBooking
from core.booking.refunds import StaffOverride
from core.booking.states import BookingState
from core.shared.actor import Actor
from core.shared.clock import IdGenerator
from core.shared.errors import InvalidInput
from entrypoints.http.bodies import body_names
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import BookingUow, CommandsDep, IdsDep
from entrypoints.shapes.booking import (
    BookingOut,
    CancelIn,
    CheckoutConfirmIn,
    CheckoutOut,
    CheckoutStartIn,
    DeclineIn,
)
from entrypoints.shapes.bounds import bounded_instant

CHECKOUT_FIELDS = {"start": "startTs", "end": "endTs", "items": "extras"}  # the core's names -> the body's
KeyHeader = Annotated[str | None, HeaderParameter(name="Idempotency-Key")]


def _key(header: str | None, ids: IdGenerator) -> str:
    return header if header is not None else ids.new_id("once")  # no key: this request runs once, unreplayable


START_PROBLEMS = (
    "not-found",
    "slot-unavailable",
    "slot-not-offered",
    "payment-declined",
    "idempotency-key-reused",
    "unknown-payment-method",
)
CONFIRM_PROBLEMS = (
    "not-found",
    "quote-expired",
    "payment-declined",
    "illegal-transition",
    "idempotency-key-reused",
    "unknown-payment-method",
)


@post("/start", tags=["checkout"], sync_to_thread=True, status_code=200, problems=START_PROBLEMS)
def start(
    data: JSONBody[CheckoutStartIn], commands: CommandsDep, ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> CheckoutOut:  # fmt: skip
    """Quote a slot of a service profile, check it against the provider's calendar and place the hold
    (Instant Book) or the request, for the signed-in user as the client. Returns ``txnId`` (the booking id)
    with the quote and its expiry."""
    command = StartCheckout(
        actor=current_user, idempotency_key=_key(idempotency_key, ids), service_profile_id=data.serviceProfileId,
        start=bounded_instant("startTs", data.startTs), end=bounded_instant("endTs", data.endTs),
        extras=tuple(data.extras), currency=data.currency,
    )  # fmt: skip
    with body_names(CHECKOUT_FIELDS):
        view = commands.handle(command)
    return CheckoutOut.of_view(view)


@post("/confirm", tags=["checkout"], sync_to_thread=True, status_code=200, problems=CONFIRM_PROBLEMS)
def confirm(
    data: JSONBody[CheckoutConfirmIn], commands: CommandsDep, ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> Response[BookingOut]:  # fmt: skip
    """Pay for the held checkout and confirm it (200). A request still awaiting the provider's answer is
    returned unchanged with 202: its ``nextAction`` says who must do what next; so is a payment the client must
    still authenticate (3-D Secure): its ``paymentAction`` says how, and confirming again resumes. A declined
    card is 402 ``payment-declined`` naming the ``reason``, with nothing held."""
    command = ConfirmCheckout(
        actor=current_user, idempotency_key=_key(idempotency_key, ids), txn_id=data.txnId, method_ref=data.method
    )
    view = commands.handle(command)
    status = 202 if view.booking.state is BookingState.REQUESTED or view.payment_action else 200
    return Response(BookingOut.of(view), status_code=status)


@get("/{booking_id:str}", tags=["bookings"], sync_to_thread=True)
def read_booking(booking_id: FromPath[str], booking_uow: BookingUow, current_user: CurrentUserDep) -> BookingOut:
    """The booking with its timeline of action cards, refund outcome and quote (its parties and staff only)."""
    return BookingOut.of(booking_for(booking_uow, booking_id, current_user))


@post("/{booking_id:str}/cancel", tags=["bookings"], sync_to_thread=True, status_code=200,
      problems=("illegal-transition", "idempotency-key-reused"))  # fmt: skip
def cancel(
    booking_id: FromPath[str], data: JSONBody[CancelIn], commands: CommandsDep, booking_uow: BookingUow,
    ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """Cancel (body ``{}``; staff send ``refundBps`` and ``reason``); ``refund`` is the quote applied."""
    override = None
    if data.refundBps is not None or data.reason is not None:
        if data.refundBps is None or data.reason is None:
            raise InvalidInput("refundBps", "a staff override gives both refundBps and reason")
        with body_names({"override.refund_bps": "refundBps", "override.reason": "reason"}):
            override = StaffOverride(data.refundBps, data.reason)
    command = CancelBooking(
        actor=current_user, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id, override=override
    )
    return _after(commands.handle(command), booking_uow, current_user)


@post("/{booking_id:str}/accept", tags=["bookings"], sync_to_thread=True, status_code=200,
      problems=("illegal-transition", "idempotency-key-reused"))  # fmt: skip
def accept(
    booking_id: FromPath[str], commands: CommandsDep, booking_uow: BookingUow, ids: IdsDep,
    current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider accepts a request: the slot is held for the client to pay (409 if it was taken)."""
    command = AcceptBooking(actor=current_user, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id)
    return _after(commands.handle(command), booking_uow, current_user)


@post("/{booking_id:str}/decline", tags=["bookings"], sync_to_thread=True, status_code=200,
      problems=("illegal-transition", "idempotency-key-reused"))  # fmt: skip
def decline(
    booking_id: FromPath[str], data: JSONBody[DeclineIn], commands: CommandsDep, booking_uow: BookingUow,
    ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider declines a request (body ``{"reason": "..."}`` or ``{}``)."""
    command = DeclineBooking(
        actor=current_user, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id, reason=data.reason
    )
    return _after(commands.handle(command), booking_uow, current_user)


@post("/{booking_id:str}/complete", tags=["bookings"], sync_to_thread=True, status_code=200,
      problems=("illegal-transition", "idempotency-key-reused"))  # fmt: skip
def complete(
    booking_id: FromPath[str], commands: CommandsDep, booking_uow: BookingUow, ids: IdsDep,
    current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider (or staff) marks a confirmed booking completed once its end has passed (409 before);
    otherwise the service completes it ``BOOKING_COMPLETE_AFTER_HOURS`` after the end."""
    command = CompleteBooking(actor=current_user, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id)
    return _after(commands.handle(command), booking_uow, current_user)


def _after(result: BookingResult, uow: BookingUow, actor: Actor) -> BookingOut:
    """The booking as ``actor`` now sees it, marked ``replayed`` when the command was a retry."""
    return attrs.evolve(BookingOut.of(booking_for(uow, result.booking_id, actor)), replayed=result.replayed)


checkout_router = Router("/api/checkout", route_handlers=[start, confirm])
bookings_router = Router("/api/bookings", route_handlers=[read_booking, cancel, accept, decline, complete])

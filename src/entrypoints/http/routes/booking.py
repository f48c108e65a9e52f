"""Checkout and booking routes: start and confirm a checkout; read, cancel, accept and decline a booking.

Who acts comes from the ``X-Actor`` header (``client:<id>``, ``provider:<id>``, ``staff:<id>``): no
authenticated session exists in the HTTP layer yet (identity wiring is in progress); when it lands,
``actor_of`` is the one function to replace. ``Idempotency-Key`` makes start, confirm and cancel safe
to retry (same key: the first result; same key, other body: 409); without one a request runs once.
"""

from __future__ import annotations

from typing import Annotated

import attrs
from litestar import Response, Router, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody

from core.booking.checkout import ConfirmCheckout, StartCheckout, booking_for, confirm_checkout, start_checkout
from core.booking.commands import AcceptBooking, CancelBooking, DeclineBooking
from core.booking.handlers import accept_booking, cancel_booking, decline_booking
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, ActorRef, BookingState
from core.shared.clock import IdGenerator
from core.shared.errors import DomainError, InvalidInput
from entrypoints.http.dependencies import BookingUow, CheckoutRulesDep, ClockDep, IdsDep, PaymentsDep
from entrypoints.http.routes.booking_bodies import (
    BookingOut,
    CancelIn,
    CheckoutConfirmIn,
    CheckoutOut,
    CheckoutStartIn,
    DeclineIn,
    instant,
)

ActorHeader = Annotated[
    str | None, HeaderParameter(name="X-Actor", description="client:<id>, provider:<id>, staff:<id>")
]
KeyHeader = Annotated[str | None, HeaderParameter(name="Idempotency-Key")]
_ACTORS = {ActorKind.CLIENT, ActorKind.PROVIDER, ActorKind.STAFF}


class ActorRequired(DomainError):
    """The request did not say (well enough) who is acting."""

    code = "actor-required"

    def __init__(self, reason: str) -> None:
        super().__init__(f"X-Actor {reason}: send client:<id>, provider:<id> or staff:<id>", reason=reason)


def actor_of(header: str | None) -> ActorRef:
    """The acting party from ``X-Actor``. Raises ``ActorRequired``."""
    if not header:
        raise ActorRequired("is missing")
    kind, _, actor_id = header.strip().partition(":")
    if kind not in {k.value for k in _ACTORS} or not actor_id or len(actor_id) > 80:
        raise ActorRequired("is malformed")
    return ActorRef(ActorKind(kind), actor_id)


def _key(header: str | None, ids: IdGenerator) -> str:
    return header if header is not None else ids.new_id("once")  # no key: this request runs once, unreplayable


@post("/start", tags=["checkout"], sync_to_thread=True, status_code=200)
def start(
    data: JSONBody[CheckoutStartIn], booking_uow: BookingUow, checkout_rules: CheckoutRulesDep, clock: ClockDep,
    ids: IdsDep, x_actor: ActorHeader = None, idempotency_key: KeyHeader = None,
) -> CheckoutOut:  # fmt: skip
    """Quote a slot of a service profile, check it against the provider's calendar and place the hold
    (Instant Book) or the request. Returns ``txnId`` (the booking id) with the quote and its expiry."""
    command = StartCheckout(
        actor=actor_of(x_actor), idempotency_key=_key(idempotency_key, ids), service_profile_id=data.serviceProfileId,
        start=instant("startTs", data.startTs), end=instant("endTs", data.endTs), extras=tuple(data.extras),
        currency=data.currency,
    )  # fmt: skip
    return CheckoutOut.of_view(start_checkout(command, booking_uow, clock, ids, checkout_rules))


@post("/confirm", tags=["checkout"], sync_to_thread=True, status_code=200)
def confirm(
    data: JSONBody[CheckoutConfirmIn], booking_uow: BookingUow, payments: PaymentsDep, clock: ClockDep,
    ids: IdsDep, x_actor: ActorHeader = None, idempotency_key: KeyHeader = None,
) -> Response[BookingOut]:  # fmt: skip
    """Pay for the held checkout and confirm it (200). A request still awaiting the provider's answer is
    returned unchanged with 202: its ``nextAction`` says who must do what next."""
    command = ConfirmCheckout(
        actor=actor_of(x_actor), idempotency_key=_key(idempotency_key, ids), txn_id=data.txnId, method_ref=data.method
    )
    view = confirm_checkout(command, booking_uow, clock, payments)
    status = 202 if view.booking.state is BookingState.REQUESTED else 200
    return Response(BookingOut.of(view), status_code=status)


@get("/{booking_id:str}", tags=["bookings"], sync_to_thread=True)
def read_booking(booking_id: FromPath[str], booking_uow: BookingUow, x_actor: ActorHeader = None) -> BookingOut:
    """The booking with its timeline of action cards, refund outcome and quote (its parties and staff only)."""
    return BookingOut.of(booking_for(booking_uow, booking_id, actor_of(x_actor)))


@post("/{booking_id:str}/cancel", tags=["bookings"], sync_to_thread=True, status_code=200)
def cancel(
    booking_id: FromPath[str], data: JSONBody[CancelIn], booking_uow: BookingUow, payments: PaymentsDep,
    clock: ClockDep, ids: IdsDep, x_actor: ActorHeader = None, idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """Cancel (body ``{}``; staff send ``refundBps`` and ``reason``); ``refund`` is the quote applied."""
    actor = actor_of(x_actor)
    override = None
    if data.refundBps is not None or data.reason is not None:
        if data.refundBps is None or data.reason is None:
            raise InvalidInput("refundBps", "a staff override gives both refundBps and reason")
        override = StaffOverride(data.refundBps, data.reason)
    command = CancelBooking(
        actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id, override=override
    )
    result = cancel_booking(command, booking_uow, clock, payments)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


@post("/{booking_id:str}/accept", tags=["bookings"], sync_to_thread=True, status_code=200)
def accept(
    booking_id: FromPath[str], booking_uow: BookingUow, clock: ClockDep, ids: IdsDep,
    x_actor: ActorHeader = None, idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider accepts a request: the slot is held for the client to pay (409 if it was taken)."""
    actor = actor_of(x_actor)
    command = AcceptBooking(actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id)
    result = accept_booking(command, booking_uow, clock)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


@post("/{booking_id:str}/decline", tags=["bookings"], sync_to_thread=True, status_code=200)
def decline(
    booking_id: FromPath[str], data: JSONBody[DeclineIn], booking_uow: BookingUow, clock: ClockDep, ids: IdsDep,
    x_actor: ActorHeader = None, idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider declines a request (body ``{"reason": "..."}`` or ``{}``)."""
    actor = actor_of(x_actor)
    command = DeclineBooking(
        actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id, reason=data.reason
    )
    result = decline_booking(command, booking_uow, clock)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


def _after(booking_id: str, uow: BookingUow, actor: ActorRef, replayed: bool) -> BookingOut:
    return attrs.evolve(BookingOut.of(booking_for(uow, booking_id, actor)), replayed=replayed)


checkout_router = Router("/api/checkout", route_handlers=[start, confirm])
bookings_router = Router("/api/bookings", route_handlers=[read_booking, cancel, accept, decline])

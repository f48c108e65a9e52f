"""Checkout and booking routes: start and confirm a checkout; read, cancel, accept, decline, complete a booking.

Who acts comes from the session (``current_user``): the signed-in user starts and pays a checkout as its
client; on a booking it acts as the client if it is, else as the provider if it owns the booked profile,
else as staff if it holds a staff role; anyone else gets 404 (the booking's existence is not revealed).
``Idempotency-Key`` makes start, confirm and cancel safe
to retry (same key: the first result; same key, other body: 409); without one a request runs once.
"""

from __future__ import annotations

from typing import Annotated

import attrs
from litestar import Response, Router, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody

from core.booking.checkout import ConfirmCheckout, StartCheckout, booking_for, confirm_checkout, start_checkout
from core.booking.commands import AcceptBooking, CancelBooking, CompleteBooking, DeclineBooking
from core.booking.handlers import accept_booking, cancel_booking, complete_booking, decline_booking
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, ActorRef, BookingState
from core.shared.clock import IdGenerator
from core.shared.errors import InvalidInput, NotFound
from entrypoints.http.authorization import CurrentUser, CurrentUserDep
from entrypoints.http.bodies import body_names
from entrypoints.http.dependencies import BookingUow, CheckoutRulesDep, ClockDep, IdsDep, PaymentsDep
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


def client_of(user: CurrentUser) -> ActorRef:
    """The signed-in user as the client of a new checkout."""
    return ActorRef(ActorKind.CLIENT, user.user_id)


def actor_on(booking_id: str, user: CurrentUser, uow: BookingUow) -> ActorRef:
    """The role ``user`` plays on the booking: client, provider (owner of the booked profile), else staff.
    Raises ``NotFound`` for a booking that does not exist or that ``user`` has no part in."""
    with uow.reading():
        booking = uow.bookings.get(booking_id)
        if booking.client_id == user.user_id:
            return ActorRef(ActorKind.CLIENT, user.user_id)
        if uow.services.get(booking.provider_id).owner_user_id == user.user_id:
            return ActorRef(ActorKind.PROVIDER, booking.provider_id)
    if user.staff_roles:
        return ActorRef(ActorKind.STAFF, user.user_id)
    raise NotFound("booking", booking_id)


def _key(header: str | None, ids: IdGenerator) -> str:
    return header if header is not None else ids.new_id("once")  # no key: this request runs once, unreplayable


@post("/start", tags=["checkout"], sync_to_thread=True, status_code=200)
def start(
    data: JSONBody[CheckoutStartIn], booking_uow: BookingUow, checkout_rules: CheckoutRulesDep, clock: ClockDep,
    ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> CheckoutOut:  # fmt: skip
    """Quote a slot of a service profile, check it against the provider's calendar and place the hold
    (Instant Book) or the request. Returns ``txnId`` (the booking id) with the quote and its expiry."""
    client = client_of(current_user)
    command = StartCheckout(
        actor=client, idempotency_key=_key(idempotency_key, ids), service_profile_id=data.serviceProfileId,
        start=bounded_instant("startTs", data.startTs), end=bounded_instant("endTs", data.endTs),
        extras=tuple(data.extras), currency=data.currency,
    )  # fmt: skip
    with body_names(CHECKOUT_FIELDS):
        view = start_checkout(command, booking_uow, clock, ids, checkout_rules)
    return CheckoutOut.of_view(view)


@post("/confirm", tags=["checkout"], sync_to_thread=True, status_code=200)
def confirm(
    data: JSONBody[CheckoutConfirmIn], booking_uow: BookingUow, payments: PaymentsDep, clock: ClockDep,
    ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> Response[BookingOut]:  # fmt: skip
    """Pay for the held checkout and confirm it (200). A request still awaiting the provider's answer is
    returned unchanged with 202: its ``nextAction`` says who must do what next."""
    client = actor_on(data.txnId, current_user, booking_uow)
    command = ConfirmCheckout(
        actor=client, idempotency_key=_key(idempotency_key, ids), txn_id=data.txnId, method_ref=data.method
    )
    view = confirm_checkout(command, booking_uow, clock, payments)
    status = 202 if view.booking.state is BookingState.REQUESTED else 200
    return Response(BookingOut.of(view), status_code=status)


@get("/{booking_id:str}", tags=["bookings"], sync_to_thread=True)
def read_booking(booking_id: FromPath[str], booking_uow: BookingUow, current_user: CurrentUserDep) -> BookingOut:
    """The booking with its timeline of action cards, refund outcome and quote (its parties and staff only)."""
    return BookingOut.of(booking_for(booking_uow, booking_id, actor_on(booking_id, current_user, booking_uow)))


@post("/{booking_id:str}/cancel", tags=["bookings"], sync_to_thread=True, status_code=200)
def cancel(
    booking_id: FromPath[str], data: JSONBody[CancelIn], booking_uow: BookingUow, payments: PaymentsDep,
    clock: ClockDep, ids: IdsDep, current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """Cancel (body ``{}``; staff send ``refundBps`` and ``reason``); ``refund`` is the quote applied."""
    actor = actor_on(booking_id, current_user, booking_uow)
    override = None
    if data.refundBps is not None or data.reason is not None:
        if data.refundBps is None or data.reason is None:
            raise InvalidInput("refundBps", "a staff override gives both refundBps and reason")
        with body_names({"override.refund_bps": "refundBps", "override.reason": "reason"}):
            override = StaffOverride(data.refundBps, data.reason)
    command = CancelBooking(
        actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id, override=override
    )
    result = cancel_booking(command, booking_uow, clock, payments)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


@post("/{booking_id:str}/accept", tags=["bookings"], sync_to_thread=True, status_code=200)
def accept(
    booking_id: FromPath[str], booking_uow: BookingUow, clock: ClockDep, ids: IdsDep,
    current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider accepts a request: the slot is held for the client to pay (409 if it was taken)."""
    actor = actor_on(booking_id, current_user, booking_uow)
    command = AcceptBooking(actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id)
    result = accept_booking(command, booking_uow, clock)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


@post("/{booking_id:str}/decline", tags=["bookings"], sync_to_thread=True, status_code=200)
def decline(
    booking_id: FromPath[str], data: JSONBody[DeclineIn], booking_uow: BookingUow, clock: ClockDep, ids: IdsDep,
    current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider declines a request (body ``{"reason": "..."}`` or ``{}``)."""
    actor = actor_on(booking_id, current_user, booking_uow)
    command = DeclineBooking(
        actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id, reason=data.reason
    )
    result = decline_booking(command, booking_uow, clock)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


@post("/{booking_id:str}/complete", tags=["bookings"], sync_to_thread=True, status_code=200)
def complete(
    booking_id: FromPath[str], booking_uow: BookingUow, clock: ClockDep, ids: IdsDep,
    current_user: CurrentUserDep,
    idempotency_key: KeyHeader = None,
) -> BookingOut:  # fmt: skip
    """The provider (or staff) marks a confirmed booking completed once its end has passed (409 before);
    otherwise the service completes it ``BOOKING_COMPLETE_AFTER_HOURS`` after the end."""
    actor = actor_on(booking_id, current_user, booking_uow)
    command = CompleteBooking(actor=actor, idempotency_key=_key(idempotency_key, ids), booking_id=booking_id)
    result = complete_booking(command, booking_uow, clock)
    return _after(result.booking_id, booking_uow, actor, result.replayed)


def _after(booking_id: str, uow: BookingUow, actor: ActorRef, replayed: bool) -> BookingOut:
    return attrs.evolve(BookingOut.of(booking_for(uow, booking_id, actor)), replayed=replayed)


checkout_router = Router("/api/checkout", route_handlers=[start, confirm])
bookings_router = Router("/api/bookings", route_handlers=[read_booking, cancel, accept, decline, complete])

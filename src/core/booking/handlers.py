"""Command handlers: one unit of work per command, idempotent by (command scope, idempotency key); the role the
command's actor plays on the booking is decided inside that unit (``core.booking.access``).

``BookingResult`` is re-exported here for callers (HTTP, CLI): it is what every handler returns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from core.booking.access import BookedProfile, acting_role, client_of
from core.booking.capacity import blocked_window, first_conflict
from core.booking.checkout_payment import give_back, settle_cancellation, take_payment
from core.booking.checkout_ports import CheckoutUnitOfWork
from core.booking.commands import (
    AcceptBooking,
    BookingResult,
    CancelBooking,
    CompleteBooking,
    ConfirmBooking,
    DeclineBooking,
    RequestBooking,
)
from core.booking.errors import SlotUnavailable
from core.booking.idempotent_commands import Effect, run_once
from core.booking.model import Booking, BookingRules
from core.booking.ports import BookingRepository, BookingUnitOfWork
from core.booking.states import BLOCKING_STATES, ActorRef, BookingState
from core.payments.model import PaymentStatus
from core.payments.ports import PaymentGateway
from core.profiles.model import ProfileDraft
from core.shared.actor import OPERATOR
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound, VersionConflict

__all__ = [
    "BookingResult",
    "accept_booking",
    "booked_profile",
    "cancel_booking",
    "complete_booking",
    "complete_ended_bookings",
    "confirm_booking",
    "confirm_read",
    "decline_booking",
    "expire_due_bookings",
    "get_booking",
    "request_booking",
    "sweep_bookings",
]

OnBooking = AcceptBooking | DeclineBooking | ConfirmBooking | CancelBooking | CompleteBooking


def request_booking(
    command: RequestBooking, uow: BookingUnitOfWork, clock: Clock, ids: IdGenerator, rules: BookingRules
) -> BookingResult:
    """Create a booking from a current quote; Instant Book holds the slot at once.

    Raises ``QuoteExpired``, ``InvalidInput``, ``NotBookingParty`` (the actor is not ``client_id``),
    ``SlotUnavailable`` (instant only), ``IdempotencyKeyReused``.
    """
    now = clock.now()

    def begin() -> tuple[ActorRef, Effect]:
        by = client_of(command.actor, command.service_profile_id)

        def effect() -> Booking:
            command.quote.ensure_current(now)
            booking = Booking.request(command, ids.new_id("bkg"), now, rules, by=by)
            if booking.state in BLOCKING_STATES:
                _ensure_free(uow.bookings, booking)
            uow.bookings.add(booking)
            return booking

        return by, effect

    return run_once(uow, "booking.request", command, clock, begin)


def accept_booking(command: AcceptBooking, uow: CheckoutUnitOfWork, clock: Clock) -> BookingResult:
    """The provider accepts: the booking is held if its slot is still free. Raises ``NotFound`` (no such
    booking, or one the actor has no part in), ``SlotUnavailable``."""
    return run_once(uow, "booking.accept", command, clock, _transition(uow, command, clock, check_capacity=True))


def decline_booking(command: DeclineBooking, uow: CheckoutUnitOfWork, clock: Clock) -> BookingResult:
    """The provider declines a request. Raises ``NotFound`` like ``accept_booking``."""
    return run_once(uow, "booking.decline", command, clock, _transition(uow, command, clock))


def complete_booking(command: CompleteBooking, uow: CheckoutUnitOfWork, clock: Clock) -> BookingResult:
    """Mark a confirmed booking completed once its end has passed. Raises ``NotFound`` like ``accept_booking``."""
    return run_once(uow, "booking.complete", command, clock, _transition(uow, command, clock))


def confirm_read(
    uow: CheckoutUnitOfWork, command: ConfirmBooking, now: datetime, booking: Booking | None = None,
    provider: BookedProfile | None = None,
) -> tuple[Booking, ActorRef, bool]:  # fmt: skip
    """What ``confirm_booking`` reads before any money moves, in ``uow``'s open reading unit: the booking (or
    ``booking``, just read in it, with its ``provider`` reader), the role its actor plays, and whether the key is
    new; a new key's transition is checked here. Raises like ``confirm_booking``."""
    if booking is None:
        booking, by = _on_booking(uow, command)
    else:
        by = acting_role(booking, provider or booked_profile(uow, booking), command)
    if command.idempotency_key is None:
        raise InvalidInput("Idempotency-Key", "is required")
    first_run = uow.idempotency.get("booking.confirm", command.idempotency_key) is None
    if first_run:
        booking.check(command, now, by=by)
    return booking, by, first_run


def confirm_booking(
    command: ConfirmBooking, uow: CheckoutUnitOfWork, clock: Clock, gateway: PaymentGateway,
    seen: tuple[Booking, ActorRef, bool] | None = None,
) -> BookingResult:  # fmt: skip
    """Charge the booking total to ``command.method_ref`` and confirm the held booking; while the customer must
    authenticate, the booking stays held with the pending intent's id (confirming again resumes).

    The transition is checked before any money moves, and the money moves outside the unit of work (no lock is
    held while the gateway answers); a booking that moved on meanwhile gets its payment back. Gateway keys
    derive from the booking (and the method), so a retry replays the first charge instead of charging twice.
    Raises ``NotFound`` like ``accept_booking``, ``PaymentDeclined`` (the booking stays held, nothing on the
    card), ``GuardRejected`` after the hold deadline. ``seen``: what ``confirm_read`` answered in a reading unit
    the caller had open anyway (one unit fewer).
    """
    now = clock.now()
    if seen is None:
        with uow.reading():
            seen = confirm_read(uow, command, now)
    booking, _, first_run = seen
    payment = take_payment(gateway, booking, command.method_ref) if first_run else None

    def begin() -> tuple[ActorRef, Effect]:
        booking, by = _on_booking(uow, command)

        def effect() -> Booking:
            if payment is None:  # the key ran since we looked: replayed before any effect
                raise InvalidInput("Idempotency-Key", "is being used by a concurrent request")
            if payment.status is PaymentStatus.REQUIRES_ACTION:
                booking.await_authentication(payment.id)
            else:
                booking.apply(command, now, payment=payment, by=by)
            uow.bookings.save(booking)
            return booking

        return by, effect

    try:
        return run_once(uow, "booking.confirm", command, clock, begin)
    except Exception:
        if payment is not None:
            give_back(gateway, get_booking(uow, booking.id), payment)
        raise


def cancel_booking(
    command: CancelBooking, uow: CheckoutUnitOfWork, clock: Clock, gateway: PaymentGateway
) -> BookingResult:
    """Cancel, quote the refund and pay it back through the gateway (or void a hold never captured); the result
    carries the quote.

    The gateway key is fixed per booking, so a retry can never refund twice; the money moves once the
    cancellation is committed. Raises ``NotFound`` like
    ``accept_booking``, ``InvalidInput`` (staff without an override), ``IllegalTransition``, ``GuardRejected``,
    payment errors.
    """
    now = clock.now()

    def begin() -> tuple[ActorRef, Effect]:
        booking, by = _on_booking(uow, command)

        def effect() -> Booking:
            booking.apply(command, now, by=by)
            uow.bookings.save(booking)
            return booking

        return by, effect

    result = run_once(uow, "booking.cancel", command, clock, begin)
    # After the commit, outside the unit (no lock held while the gateway answers); its keys are fixed per
    # booking, so a replayed cancellation completes a refund that failed the first time, and never pays twice.
    settle_cancellation(gateway, get_booking(uow, result.booking_id))
    return result


def booked_profile(uow: CheckoutUnitOfWork, booking: Booking) -> BookedProfile:
    """A reader of the booked (provider) profile in ``uow``: read when first asked for, then remembered; ``None``
    once the profile is gone (its bookings stay with their client and staff)."""

    @cache
    def read() -> ProfileDraft | None:
        try:
            return uow.services.get(booking.provider_id)
        except NotFound:
            return None

    return read


def _on_booking(uow: CheckoutUnitOfWork, command: OnBooking) -> tuple[Booking, ActorRef]:
    """The booking ``command`` names and the role its actor plays on it, read in ``uow``. Raises ``NotFound``."""
    booking = uow.bookings.get(command.booking_id)
    return booking, acting_role(booking, booked_profile(uow, booking), command)


def _move_each(uow: BookingUnitOfWork, booking_ids: list[str], move: Callable[[Booking], bool]) -> list[str]:
    """Apply ``move`` to each booking in its own unit of work; return the ids it moved. ``move`` returns
    False to leave a booking as it is; one changed concurrently is skipped (the next sweep sees it again)."""
    moved = []
    for booking_id in booking_ids:
        with uow:
            booking = uow.bookings.get(booking_id)
            if not move(booking):
                continue
            try:
                uow.bookings.save(booking)
            except VersionConflict:
                continue
            for event in booking.pull_events():
                uow.record(event)
            uow.commit()
            moved.append(booking_id)
    return moved


def expire_due_bookings(uow: BookingUnitOfWork, clock: Clock, limit: int = 100) -> list[str]:
    """Expire unanswered requests and unpaid holds past their deadline; return the expired ids.

    Each booking expires in its own unit of work; one changed concurrently is skipped (the next sweep
    sees it again if it is still due). Safe to run from several workers.
    """
    now = clock.now()
    with uow.reading():
        due = [booking.id for booking in uow.bookings.find_due(now, limit)]
    return _move_each(uow, due, lambda booking: booking.expire_if_due(now) is not None)


def complete_ended_bookings(
    uow: BookingUnitOfWork, clock: Clock, after: timedelta = timedelta(hours=24), limit: int = 100
) -> list[str]:
    """Complete confirmed bookings that ended at least ``after`` ago (the window in which a party can
    still raise a problem); return the completed ids. Like ``expire_due_bookings``: one unit per booking,
    a booking changed concurrently is skipped, safe to run from several workers."""
    now = clock.now()
    with uow.reading():
        ended = [booking.id for booking in uow.bookings.find_ended(now - after, limit)]

    def complete(booking: Booking) -> bool:
        if booking.state is not BookingState.CONFIRMED:
            return False
        # The service's own sweep: the operator's authority, recorded as the system's act.
        booking.apply(CompleteBooking(actor=OPERATOR, booking_id=booking.id), now, by=ActorRef.system())
        return True

    return _move_each(uow, ended, complete)


def sweep_bookings(uow: BookingUnitOfWork, clock: Clock, complete_after: timedelta = timedelta(hours=24)) -> list[str]:
    """The service's periodic sweep: expire overdue requests and holds, complete ended bookings; return
    every booking id it moved."""
    return expire_due_bookings(uow, clock) + complete_ended_bookings(uow, clock, complete_after)


def get_booking(uow: BookingUnitOfWork, booking_id: str) -> Booking:
    """The booking with its timeline and refund outcome, read in its own unit. Raises ``NotFound``."""
    with uow.reading():
        return uow.bookings.get(booking_id)


def _transition(
    uow: CheckoutUnitOfWork,
    command: AcceptBooking | DeclineBooking | CompleteBooking,
    clock: Clock,
    check_capacity: bool = False,
) -> Callable[[], tuple[ActorRef, Effect]]:
    def begin() -> tuple[ActorRef, Effect]:
        booking, by = _on_booking(uow, command)

        def effect() -> Booking:
            booking.apply(command, clock.now(), by=by)
            if check_capacity:
                _ensure_free(uow.bookings, booking)
            uow.bookings.save(booking)
            return booking

        return by, effect

    return begin


def _ensure_free(bookings: BookingRepository, booking: Booking) -> None:
    overlapping = bookings.find_overlapping(booking.provider_id, booking.studio_id, *blocked_window(booking))
    conflict = first_conflict(overlapping, booking)
    if conflict is not None:
        raise SlotUnavailable(booking.id, conflict.id)

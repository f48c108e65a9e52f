"""Running a booking command once per idempotency key, in one unit of work, and replaying it after."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.booking.commands import BookingCommand
from core.booking.model import Booking
from core.booking.ports import BookingUnitOfWork
from core.booking.refunds import RefundQuote
from core.booking.states import BookingState
from core.shared.clock import Clock
from core.shared.errors import AlreadyExists, InvalidInput
from core.shared.idempotency import IdempotencyRecord, fingerprint, replay, validate_key


@attrs.frozen
class BookingResult:
    """What a command did: the booking and the state it left it in; ``replayed`` for a retried key.

    ``refund`` is the quote applied by a cancellation (``None`` for other commands).
    """

    booking_id: str
    state: BookingState
    refund: RefundQuote | None = None
    replayed: bool = False


def run_once(
    uow: BookingUnitOfWork, scope: str, command: BookingCommand, clock: Clock, effect: Callable[[], Booking]
) -> BookingResult:
    """Run ``effect`` in ``uow`` and commit, unless (scope, key) already ran: then replay the first result.

    The stored result is small and JSON-safe: the booking id and the state it reached. Raises
    ``InvalidInput`` for a missing or malformed key, ``IdempotencyKeyReused`` for a key first used with
    another body. If a concurrent first run stored the key first (``AlreadyExists`` from the store),
    this run is rolled back and replays that one's result instead.
    """
    if command.idempotency_key is None:
        raise InvalidInput("Idempotency-Key", "is required")
    key = validate_key(command.idempotency_key)
    print_ = fingerprint(command.fingerprint_body())
    try:
        return _attempt(uow, scope, key, print_, clock, effect)
    except AlreadyExists as taken:
        if taken.key != key:
            raise
        return _attempt(uow, scope, key, print_, clock, effect)


def _attempt(
    uow: BookingUnitOfWork, scope: str, key: str, print_: str, clock: Clock, effect: Callable[[], Booking]
) -> BookingResult:
    with uow:
        stored = replay(uow.idempotency.get(scope, key), scope, key, print_)
        if stored is not None:
            booking_id = str(stored["booking_id"])
            refund = uow.bookings.get(booking_id).refund if scope == "booking.cancel" else None
            return BookingResult(booking_id, BookingState(stored["state"]), refund, replayed=True)
        booking = effect()
        for event in booking.pull_events():
            uow.record(event)
        result = {"booking_id": booking.id, "state": booking.state.value}
        uow.idempotency.put(IdempotencyRecord(scope, key, print_, result, clock.now()))
        uow.commit()
        return BookingResult(booking.id, booking.state, booking.refund if scope == "booking.cancel" else None)

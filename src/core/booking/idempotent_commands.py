"""Running a booking command once per idempotency key, in one unit of work, and replaying it after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from core.booking.commands import BookingResult
from core.booking.model import Booking
from core.booking.ports import BookingUnitOfWork
from core.booking.states import ActorRef, BookingState
from core.shared.clock import Clock
from core.shared.errors import AlreadyExists, InvalidInput
from core.shared.idempotency import IdempotencyRecord, fingerprint, replay, validate_key

__all__ = ["Effect", "Keyed", "run_once"]

Effect = Callable[[], Booking]  # the change: returns the booking it made or moved, not yet saved by run_once
Begin = Callable[[], tuple[ActorRef, Effect]]


class Keyed(Protocol):
    """A command run once per key: the key it came with and what makes two of them "the same"."""

    @property
    def idempotency_key(self) -> str | None: ...

    def fingerprint_body(self, by: ActorRef) -> Mapping[str, Any]: ...


def run_once(uow: BookingUnitOfWork, scope: str, command: Keyed, clock: Clock, begin: Begin) -> BookingResult:
    """In one unit of work: ``begin`` decides the role the command's actor plays (reading what it needs, and
    raising the ``NotFound`` of an unknown booking for a stranger) and returns it with the effect; then, unless
    (scope, key) already ran, the effect runs and the unit commits. A key that ran replays the first result.

    The role comes first, so a stranger learns nothing from a key either. The stored result is small and
    JSON-safe: the booking id and the state it reached. Raises ``InvalidInput`` for a missing or malformed key,
    ``IdempotencyKeyReused`` for a key first used with another body. If a concurrent first run stored the key
    first (``AlreadyExists`` from the store), this run is rolled back and replays that one's result instead.
    """
    try:
        return _attempt(uow, scope, command, clock, begin)
    except AlreadyExists as taken:
        if taken.key != command.idempotency_key:
            raise
        return _attempt(uow, scope, command, clock, begin)


def _attempt(uow: BookingUnitOfWork, scope: str, command: Keyed, clock: Clock, begin: Begin) -> BookingResult:
    with uow:
        by, effect = begin()
        if command.idempotency_key is None:
            raise InvalidInput("Idempotency-Key", "is required")
        key = validate_key(command.idempotency_key)
        print_ = fingerprint(command.fingerprint_body(by))
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
        refund = booking.refund if scope == "booking.cancel" else None
        return BookingResult(booking.id, booking.state, refund, booking=booking)

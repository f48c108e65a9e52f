"""The capacity rule: held and confirmed bookings of a provider or studio never overlap, buffers included."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from core.booking.states import BLOCKING_STATES

if TYPE_CHECKING:
    from core.booking.model import Booking


def blocked_window(booking: Booking) -> tuple[datetime, datetime]:
    """The half-open span ``[start - buffer_before, end + buffer_after)`` the booking occupies."""
    return booking.start - booking.buffer_before, booking.end + booking.buffer_after


def shares_resource(a: Booking, b: Booking) -> bool:
    """Same provider, or the same studio when both use one."""
    return a.provider_id == b.provider_id or (a.studio_id is not None and a.studio_id == b.studio_id)


def conflicts(existing: Booking, candidate: Booking) -> bool:
    """Whether holding ``candidate`` would double-book against ``existing``.

    True when ``existing`` is another booking that is held or confirmed, shares a provider or studio
    with ``candidate``, and their blocked windows overlap. Windows that only touch do not overlap. This
    is what a PostgreSQL exclusion constraint over ``tstzrange(start - buffer_before, end + buffer_after)``
    enforces, so the pure rule and the database agree.
    """
    if existing.id == candidate.id or existing.state not in BLOCKING_STATES:
        return False
    if not shares_resource(existing, candidate):
        return False
    existing_start, existing_end = blocked_window(existing)
    candidate_start, candidate_end = blocked_window(candidate)
    return existing_start < candidate_end and candidate_start < existing_end


def first_conflict(existing: Iterable[Booking], candidate: Booking) -> Booking | None:
    """The first of ``existing`` that ``candidate`` conflicts with, or ``None``."""
    return next((booking for booking in existing if conflicts(booking, candidate)), None)

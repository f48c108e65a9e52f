"""A user's bookings, seen from their account: the data export's share and what blocks deleting it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from core.booking.model import Booking
from core.booking.ports import BookingRepository
from core.booking.states import TERMINAL_STATES
from core.profiles.ports import ProfileDraftRepository
from core.shared.unit_of_work import UnitOfWork


class PartiesUnitOfWork(UnitOfWork, Protocol):
    """Bookings and the profiles they name, read together (the booking unit of work carries both)."""

    bookings: BookingRepository
    services: ProfileDraftRepository  # the profiles repository, under the name checkout gives it


def _role(booking: Booking, user_id: str, owned: Sequence[str]) -> str:
    if booking.client_id == user_id:
        return "client"
    return "studio" if booking.studio_id in owned and booking.provider_id not in owned else "provider"


def bookings_of(user_id: str, uow: PartiesUnitOfWork) -> tuple[list[str], list[Booking]]:
    """The profiles ``user_id`` owns and every booking they are a party to."""
    with uow.reading():
        owned = [profile.id for profile in uow.services.owned_by(user_id)]
        return owned, list(uow.bookings.involving(user_id, owned))


def open_booking_items(user_id: str, uow: PartiesUnitOfWork) -> list[str]:
    """Bookings not yet at an end (requested, held, confirmed), named for the person deleting their account."""
    owned, found = bookings_of(user_id, uow)
    return [
        f"booking {b.id} ({b.state.value}, {b.start:%Y-%m-%d %H:%M} UTC, as {_role(b, user_id, owned)})"
        for b in found
        if b.state not in TERMINAL_STATES
    ]


def bookings_export(user_id: str, uow: PartiesUnitOfWork) -> dict[str, Any]:
    """Every booking ``user_id`` is a party to: what was booked, when, for how much (``Money``), and what happened
    (the timeline's cards; the edge renders them as JSON)."""
    owned, found = bookings_of(user_id, uow)
    return {
        "bookings": [
            {
                "id": b.id,
                "role": _role(b, user_id, owned),
                "state": b.state.value,
                "service_profile_id": b.service_profile_id,
                "provider_id": b.provider_id,
                "studio_id": b.studio_id,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "created_at": b.created_at.isoformat(),
                "amounts": b.amounts,
                "captured": b.captured,
                "refunded": b.refunded,
                "cancellation_policy": b.policy.name,
                "cancelled_by": None if b.cancelled_by is None else b.cancelled_by.kind.value,
                "timeline": b.timeline,
            }
            for b in found
        ]
    }

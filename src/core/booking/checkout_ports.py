"""Ports of checkout: the stored quotes, and what checkout reads from the profiles and calendar contexts."""

from __future__ import annotations

from typing import Protocol

from core.booking.ports import BookingUnitOfWork
from core.booking.pricing import CheckoutQuote
from core.calendar.ports import BookedTime, ImportedEventStore, ScheduleRepository
from core.profiles.model import ProfileDraft, ServiceProfile


class BookingQuotes(Protocol):
    """The checkout quote each booking was priced with (line items, jurisdiction, policy, expiry)."""

    def add(self, booking_id: str, quote: CheckoutQuote) -> None:
        """Store the quote of a new booking. Raises ``AlreadyExists`` if the booking already has one."""
        ...

    def get(self, booking_id: str) -> CheckoutQuote | None:
        """The booking's quote, or ``None`` (bookings made without checkout have none). Read-only."""
        ...


class ServiceCatalog(Protocol):
    """The profiles context, read-only: the bookable service and the profile offering it."""

    def get_service(self, service_id: str) -> ServiceProfile:
        """Return the service profile. Raises ``NotFound("service profile", id)``."""
        ...

    def get(self, profile_id: str) -> ProfileDraft:
        """Return the profile. Raises ``NotFound("profile", id)``."""
        ...


class CheckoutUnitOfWork(BookingUnitOfWork, Protocol):
    """One transaction over bookings and quotes that can also read the service, its provider's schedule
    and busy time: a checkout checks feasibility and places its hold atomically."""

    @property
    def quotes(self) -> BookingQuotes:
        """The quotes bound to this unit's transaction."""
        ...

    @property
    def services(self) -> ServiceCatalog:
        """Service profiles and profiles, read in this unit's transaction."""
        ...

    @property
    def schedules(self) -> ScheduleRepository:
        """Calendar schedules (owner = provider profile id), read in this unit's transaction."""
        ...

    @property
    def imported(self) -> ImportedEventStore:
        """Busy time imported from the owner's external calendars."""
        ...

    @property
    def booked(self) -> BookedTime:
        """Held and confirmed bookings as busy time."""
        ...

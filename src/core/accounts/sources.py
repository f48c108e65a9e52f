"""The other contexts' share of a user's account: the data export (``ExportSource``) and what blocks deleting it
(``OpenCommitments``), the identity ports the composition root fills with these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import attrs

from core.booking.account import PartiesUnitOfWork, bookings_export, open_booking_items
from core.media.account import media_export
from core.media.ports import MediaUnitOfWork
from core.onboarding.digest_handlers import digest_preferences_export
from core.onboarding.ports import DigestsUnitOfWork
from core.onboarding.reminder_settings import reminder_preferences_export
from core.profiles.account import profiles_export
from core.profiles.ports import ProfilesUnitOfWork

U = TypeVar("U")


@attrs.frozen
class ProfilesOfUser:
    """``ExportSource`` "profiles": the profiles a user owns and their services."""

    new_uow: Callable[[], ProfilesUnitOfWork]
    name: str = "profiles"

    def export(self, user_id: str) -> dict[str, object]:
        return profiles_export(user_id, self.new_uow())


@attrs.frozen
class BookingsOfUser:
    """``ExportSource`` "bookings" and ``OpenCommitments``: bookings the user is a party to, as client or as
    the owner of the booked profile or studio; the open ones (requested, held, confirmed) block deletion."""

    new_uow: Callable[[], PartiesUnitOfWork]
    name: str = "bookings"

    def export(self, user_id: str) -> dict[str, object]:
        return bookings_export(user_id, self.new_uow())

    def open_items(self, user_id: str) -> list[str]:
        return open_booking_items(user_id, self.new_uow())


@attrs.frozen
class OfOwnedProfiles(Generic[U]):
    """An ``ExportSource`` named ``name``: what ``export_of`` finds for the profiles a user owns, in a unit of
    another context (``new_uow``)."""

    name: str
    profiles_uow: Callable[[], ProfilesUnitOfWork]
    new_uow: Callable[[], U]
    export_of: Callable[[list[str], U], dict[str, object]]

    def export(self, user_id: str) -> dict[str, object]:
        return self.export_of(owned_profiles(user_id, self.profiles_uow()), self.new_uow())


def media_of_user(
    profiles_uow: Callable[[], ProfilesUnitOfWork], media_uow: Callable[[], MediaUnitOfWork]
) -> OfOwnedProfiles[MediaUnitOfWork]:
    """``ExportSource`` "media": the portfolio images of the profiles a user owns (metadata)."""
    return OfOwnedProfiles("media", profiles_uow, media_uow, media_export)


@attrs.frozen
class NotificationsOfUser:
    """``ExportSource`` "notifications": the digest consent and address kept for the user's profiles, and the
    user's own reminder preferences (kept per account)."""

    profiles_uow: Callable[[], ProfilesUnitOfWork]
    digests_uow: Callable[[], DigestsUnitOfWork]
    name: str = "notifications"

    def export(self, user_id: str) -> dict[str, object]:
        digests = digest_preferences_export(owned_profiles(user_id, self.profiles_uow()), self.digests_uow())
        return {**digests, "reminder_preferences": reminder_preferences_export(user_id, self.digests_uow())}


def digest_preferences_of_user(
    profiles_uow: Callable[[], ProfilesUnitOfWork], digests_uow: Callable[[], DigestsUnitOfWork]
) -> NotificationsOfUser:
    """``ExportSource`` "notifications" (``NotificationsOfUser``)."""
    return NotificationsOfUser(profiles_uow, digests_uow)


def owned_profiles(user_id: str, uow: ProfilesUnitOfWork) -> list[str]:
    """The ids of the profiles ``user_id`` owns."""
    with uow.reading():
        return [profile.id for profile in uow.profiles.owned_by(user_id)]

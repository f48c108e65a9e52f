"""The other contexts' side of a user's account: their share of the data export, what blocks deletion, and
what deletion withdraws. Wired into ``IdentityEdge`` and the identity event bus by the container."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import structlog

from core.booking.account import PartiesUnitOfWork, bookings_export, open_booking_items
from core.identity.events import AccountDeleted
from core.media.account import media_export
from core.media.ports import MediaUnitOfWork
from core.profiles.account import profiles_export, withdraw_profiles
from core.profiles.ports import ProfilesUnitOfWork
from core.shared.clock import Clock

log = structlog.get_logger("rastup.accounts")


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
class MediaOfUser:
    """``ExportSource`` "media": the portfolio images of the profiles a user owns (metadata)."""

    profiles_uow: Callable[[], ProfilesUnitOfWork]
    media_uow: Callable[[], MediaUnitOfWork]
    name: str = "media"

    def export(self, user_id: str) -> dict[str, object]:
        uow = self.profiles_uow()
        with uow.reading():
            owned = [profile.id for profile in uow.profiles.owned_by(user_id)]
        return media_export(owned, self.media_uow())


def withdraw_on_deletion(new_uow: Callable[[], ProfilesUnitOfWork], clock: Clock) -> Callable[[Any], None]:
    """An ``AccountDeleted`` handler: the deleted user's published pages are taken down at once."""

    def handle(event: AccountDeleted) -> None:
        withdrawn = withdraw_profiles(event.user_id, new_uow(), clock.now())
        if withdrawn:
            log.info("profiles_withdrawn", user_id=event.user_id, profile_ids=withdrawn)

    return handle

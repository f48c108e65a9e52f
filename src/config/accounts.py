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
from core.onboarding.digest_handlers import digest_preferences_export, forget_recipients
from core.onboarding.ports import DigestsUnitOfWork
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
        return media_export(_owned(user_id, self.profiles_uow()), self.media_uow())


@attrs.frozen
class DigestPreferencesOfUser:
    """``ExportSource`` "notifications": the digest consent and address kept for the user's profiles."""

    profiles_uow: Callable[[], ProfilesUnitOfWork]
    digests_uow: Callable[[], DigestsUnitOfWork]
    name: str = "notifications"

    def export(self, user_id: str) -> dict[str, object]:
        return digest_preferences_export(_owned(user_id, self.profiles_uow()), self.digests_uow())


def _owned(user_id: str, uow: ProfilesUnitOfWork) -> list[str]:
    with uow.reading():
        return [profile.id for profile in uow.profiles.owned_by(user_id)]


def on_account_deleted(
    profiles_uow: Callable[[], ProfilesUnitOfWork], digests_uow: Callable[[], DigestsUnitOfWork], clock: Clock
) -> Callable[[Any], None]:
    """The ``AccountDeleted`` handler: the user's published pages are taken down, and no digest goes to their
    address again (their consent and address are forgotten)."""

    def handle(event: AccountDeleted) -> None:
        # The account is gone already: a failing step is logged (with what to redo by hand), never raised into
        # the deletion's answer, and does not stop the other step.
        try:
            withdrawn = withdraw_profiles(event.user_id, profiles_uow(), clock.now())
            log.info("profiles_withdrawn", user_id=event.user_id, profile_ids=withdrawn)
        except Exception as error:
            log.error("profiles_not_withdrawn", user_id=event.user_id, error=type(error).__name__,
                      fix="rastup onboarding unpublish each of the user's profiles")  # fmt: skip
        try:
            forget_recipients(_owned(event.user_id, profiles_uow()), digests_uow())
        except Exception as error:
            log.error("digest_consent_not_forgotten", user_id=event.user_id, error=type(error).__name__)

    return handle

"""A takedown's effect on its target: a media item is rejected by staff's authority while the notice is pending or
once removed, and approved again when the notice is rejected or the counter-notice restores it; a profile is
unpublished once staff remove it (its owner publishes it again after a restoration)."""

from __future__ import annotations

from collections.abc import Callable

from core.media.commands import ReviewMedia
from core.media.curation import review_media
from core.media.ports import MediaUnitOfWork
from core.media.rendering import MediaServices
from core.moderation.events import TakedownChanged
from core.onboarding.commands import UnpublishProfile
from core.onboarding.handlers import unpublish_profile
from core.onboarding.ports import OnboardingUnitOfWork
from core.profiles.ports import ProfilesUnitOfWork
from core.shared.actor import OPERATOR
from core.shared.clock import Clock
from core.shared.errors import DomainError, NotFound
from core.shared.messagebus import Handlers

STAFF = "copyright-desk"


def takedown_reason(takedown_id: str) -> str:
    """The rejection reason the owner reads; also how a restoration knows the media was hidden by this notice."""
    return f"hidden under copyright notice {takedown_id}"


def takedown_handlers(
    media_uow: Callable[[], MediaUnitOfWork],
    media_services: Callable[[], MediaServices],
    profiles_uow: Callable[[], ProfilesUnitOfWork],
    onboarding_uow: Callable[[], OnboardingUnitOfWork],
    clock: Clock,
) -> Handlers:
    """The message bus's handlers of ``TakedownChanged``. Idempotent: a hidden item is hidden again, and an item is
    shown again only if this notice hid it (never one staff rejected for another reason)."""

    def apply(event: TakedownChanged) -> str:
        try:
            if event.target_kind == "media":
                return _media(event)
            return _profile(event)
        except NotFound:  # a notice naming an id that does not exist: nothing to hide
            return "unknown target"
        except DomainError as refused:  # an item still uploading has nothing public to hide
            return f"refused: {refused.code}"

    def _media(event: TakedownChanged) -> str:
        reason = takedown_reason(event.takedown_id)
        if not event.hidden:
            uow = media_uow()
            with uow.reading():
                review = uow.media.get(event.target_id).review
            if review is None or review.approved or review.reason != reason:
                return "left as it is"
        command = ReviewMedia(actor=OPERATOR, media_id=event.target_id, approve=not event.hidden,
                              reason=reason if event.hidden else "", staff=STAFF)  # fmt: skip
        review_media(command, media_uow(), media_services(), clock)
        return "hidden" if event.hidden else "shown"

    def _profile(event: TakedownChanged) -> str:
        uow = profiles_uow()
        with uow.reading():
            profile = uow.profiles.get(event.target_id)
        if not event.hidden or not profile.is_published:
            return "left as it is"
        unpublish_profile(UnpublishProfile(OPERATOR, profile.id, profile.version), onboarding_uow(), clock)
        return "unpublished"

    return {TakedownChanged: [apply]}

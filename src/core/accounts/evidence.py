"""The evidence staff weigh beside a report (moderation's ``ReportEvidence``): a reported profile, media item or
review as it stands now, read from the context that holds it; a message as messaging answers it (``messages``:
messaging sits beside this context). Free text passes through ``mask`` (contact details hidden) before staff see it."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.media.ports import MediaUnitOfWork
from core.moderation.evidence import Evidence
from core.moderation.model import TargetKind
from core.moderation.ports import ReportEvidence
from core.profiles.ports import ProfilesUnitOfWork
from core.reviews.ports import ReviewsUnitOfWork
from core.shared.errors import NotFound


@attrs.frozen
class ReportedTargets:
    """``ReportEvidence`` over the profiles, media and reviews units of work."""

    profiles_uow: Callable[[], ProfilesUnitOfWork]
    media_uow: Callable[[], MediaUnitOfWork]
    reviews_uow: Callable[[], ReviewsUnitOfWork]
    messages: ReportEvidence
    mask: Callable[[str], str]

    def evidence_of(self, target_kind: TargetKind, target_id: str) -> Evidence:
        try:
            if target_kind is TargetKind.PROFILE:
                return self._profile(target_id)
            if target_kind is TargetKind.MEDIA:
                return self._media(target_id)
            if target_kind is TargetKind.REVIEW:
                return self._review(target_id)
            return self.messages.evidence_of(target_kind, target_id)
        except NotFound:
            return Evidence.missing()

    def _profile(self, profile_id: str) -> Evidence:
        profiles = self.profiles_uow()
        with profiles.reading():
            profile = profiles.profiles.get(profile_id)
        fields = profile.fields
        facts = (("kind", profile.kind.value), ("status", profile.status.value),
                 ("headline", self.mask(fields.headline)), ("city", fields.city))  # fmt: skip
        return Evidence(True, profile.owner_user_id, f"Profile: {fields.display_name}", facts, self.mask(fields.bio),
                        f"/p/{profile.slug}")  # fmt: skip

    def _media(self, media_id: str) -> Evidence:
        media = self.media_uow()
        with media.reading():
            asset = media.media.get(media_id)
            profile = media.profiles.get(asset.profile_id)
        facts = [("status", asset.status.value), ("profile", asset.profile_id), ("type", asset.declared_type)]
        if asset.verdict is not None:
            facts.append(("automatic check", asset.verdict.classification.value))
        if asset.review is not None:
            verdict = "approved" if asset.review.approved else "rejected"
            facts.append(("staff review", f"{verdict}: {asset.review.reason}"))
        return Evidence(True, profile.owner_user_id, f"Media item of {profile.fields.display_name}", tuple(facts), "",
                        f"/p/{profile.slug}")  # fmt: skip

    def _review(self, review_id: str) -> Evidence:
        reviews = self.reviews_uow()
        with reviews.reading():
            window = reviews.reviews.holding(review_id)
        review = next((r for r in window.reviews.values() if r.id == review_id), None)
        if review is None:
            return Evidence.missing()
        shown = "hidden by staff" if review.hidden else "public" if review.is_public else "not yet published"
        facts = (("rating", f"{review.rating.overall} of 5"), ("by", review.author_id), ("about", review.subject_id),
                 ("booking", review.booking_id), ("shown", shown))  # fmt: skip
        return Evidence(True, review.author_id, f"Review by the {review.side.value}", facts, self.mask(review.text),
                        self._page_of(review.subject_id))  # fmt: skip

    def _page_of(self, profile_id: str) -> str | None:
        profiles = self.profiles_uow()
        with profiles.reading():
            try:
                return f"/p/{profiles.profiles.get(profile_id).slug}"
            except NotFound:
                return None  # a client's review is about a user, who has no public page

"""The MediaAsset aggregate and its values: status, variants, crop box, moderation verdict, staff review."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.media.errors import MediaStateError
from core.shared.errors import InvalidInput


class MediaStatus(StrEnum):
    UPLOADING = "uploading"  # waiting for the file at its pre-signed URL
    PROCESSING = "processing"  # claimed by one completion; variants and verdict on their way
    PENDING_REVIEW = "pending_review"  # a person must look (manual moderator, or the model was unsure)
    APPROVED = "approved"  # classified safe or approved by staff: its variants are public
    REJECTED = "rejected"  # classified unsafe or rejected by staff: nothing of it is public


DECIDED = frozenset({MediaStatus.PENDING_REVIEW, MediaStatus.APPROVED, MediaStatus.REJECTED})


class Classification(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    NEEDS_REVIEW = "needs_review"


@attrs.frozen
class Verdict:
    """A moderator's classification with the scores behind it (label -> 0..1), for staff to read."""

    classification: Classification
    moderator: str
    scores: tuple[tuple[str, float], ...] = ()


@attrs.frozen
class Review:
    """A staff decision on a media item; ``reason`` is shown to the owner when rejected."""

    approved: bool
    staff: str
    reason: str
    at: datetime


@attrs.frozen
class CropBox:
    """A rectangle in pixels of the upright original (after EXIF orientation), chosen by the owner."""

    left: int
    top: int
    width: int
    height: int

    @classmethod
    def validated(cls, left: int, top: int, width: int, height: int, *, image: tuple[int, int]) -> CropBox:
        """Raise ``InvalidInput("crop", ...)`` unless the box is at least 16x16 and inside ``image`` (w, h)."""
        if min(left, top) < 0 or min(width, height) < 16:
            raise InvalidInput("crop", "left and top must be >= 0, width and height >= 16 pixels")
        if left + width > image[0] or top + height > image[1]:
            raise InvalidInput("crop", f"the box must lie inside the {image[0]}x{image[1]} image")
        return cls(left, top, width, height)


@attrs.frozen
class ImageFacts:
    """What inspection found: the type by magic bytes and the upright size."""

    content_type: str
    width: int
    height: int


@attrs.frozen
class Variant:
    """One rendered size; ``key`` is its private copy (the public copy exists only while approved)."""

    name: str
    key: str
    width: int
    height: int
    content_type: str
    size: int


@attrs.define
class MediaAsset:
    """One portfolio image of a profile, from upload URL to public variants. Change it only by its methods."""

    id: str
    profile_id: str
    original_key: str
    declared_type: str
    declared_size: int
    status: MediaStatus
    created_at: datetime
    updated_at: datetime
    upload_expires_at: datetime
    position: int
    version: int = 1
    is_cover: bool = False
    facts: ImageFacts | None = None
    original_digest: str | None = None  # SHA-256 of the original that was moderated; re-renders check it
    variants: tuple[Variant, ...] = ()
    revision: int = 0  # bumped each time variants are rendered, so URLs change with the pixels
    crop: CropBox | None = None
    verdict: Verdict | None = None
    review: Review | None = None

    @classmethod
    def new(
        cls, *, media_id: str, profile_id: str, original_key: str, declared_type: str, declared_size: int,
        position: int, now: datetime, upload_expires_at: datetime,
    ) -> MediaAsset:  # fmt: skip
        return cls(
            id=media_id, profile_id=profile_id, original_key=original_key, declared_type=declared_type,
            declared_size=declared_size, status=MediaStatus.UPLOADING, created_at=now, updated_at=now,
            upload_expires_at=upload_expires_at, position=position,
        )  # fmt: skip

    @property
    def is_public(self) -> bool:
        """Fail closed: only an approved item has public variants."""
        return self.status is MediaStatus.APPROVED

    def _require(self, allowed: frozenset[MediaStatus], action: str) -> None:
        if self.status not in allowed:
            raise MediaStateError(self.id, self.status.value, action)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def begin_processing(self, now: datetime) -> None:
        """Claim the uploaded file for processing (only once: a second completion sees PROCESSING)."""
        self._require(frozenset({MediaStatus.UPLOADING}), "process the upload")
        self.status = MediaStatus.PROCESSING
        self._touch(now)

    def processing_failed(self, now: datetime) -> None:
        """Give the claim back (the store failed, not the file): completing again retries."""
        self._require(frozenset({MediaStatus.PROCESSING}), "release the processing claim")
        self.status = MediaStatus.UPLOADING
        self._touch(now)

    def processed(
        self, facts: ImageFacts, digest: str, variants: tuple[Variant, ...], verdict: Verdict, now: datetime
    ) -> None:
        """Record the rendering and the verdict: safe -> approved, unsafe -> rejected, unsure -> staff queue."""
        self._require(frozenset({MediaStatus.PROCESSING}), "record processing")
        self.facts, self.original_digest, self.variants, self.verdict = facts, digest, variants, verdict
        self.revision += 1
        self.status = {
            Classification.SAFE: MediaStatus.APPROVED,
            Classification.UNSAFE: MediaStatus.REJECTED,
            Classification.NEEDS_REVIEW: MediaStatus.PENDING_REVIEW,
        }[verdict.classification]
        self._touch(now)

    def rerendered(self, variants: tuple[Variant, ...], crop: CropBox | None, now: datetime) -> None:
        """New variants from the same original (a new crop, or a reprocess); the decision stands."""
        self._require(DECIDED, "re-render")
        self.variants, self.crop = variants, crop
        self.revision += 1
        self._touch(now)

    def decide(self, *, approved: bool, staff: str, reason: str, now: datetime) -> None:
        """A staff decision; it may overrule the model or an earlier decision (e.g. take an image down)."""
        self._require(DECIDED, "review")
        if not staff.strip():
            raise InvalidInput("staff", "say who decides")
        if not approved and not reason.strip():
            raise InvalidInput("reason", "a rejection needs a reason the owner can read")
        self.review = Review(approved, staff.strip(), reason.strip(), now)
        self.status = MediaStatus.APPROVED if approved else MediaStatus.REJECTED
        self._touch(now)

    def placed(self, position: int, is_cover: bool, now: datetime) -> None:
        """Move in the owner's ordering or change the cover flag (the portfolio keeps them consistent)."""
        if (position, is_cover) != (self.position, self.is_cover):
            self.position, self.is_cover = position, is_cover
            self._touch(now)

"""JSON shapes of the media routes: upload tickets, the owner's view of an item, the public portfolio."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.media.keys import public_key
from core.media.model import CropBox, MediaAsset
from core.media.ports import ObjectStore, UploadTarget
from core.media.views import PublicMedia
from entrypoints.shapes.bounds import Bytes, Pixels, Position, Reason


@attrs.frozen
class StartUploadIn:
    """``size`` is the exact byte count you will PUT; ``content_type`` one of image/jpeg, png, webp (heic)."""

    content_type: str
    size: Bytes


@attrs.frozen
class UploadOut:
    """PUT the file to ``upload_url`` with exactly ``headers`` before ``expires_at``, then POST .../complete."""

    media_id: str
    upload_url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime

    @classmethod
    def of(cls, asset: MediaAsset, target: UploadTarget) -> UploadOut:
        return cls(asset.id, target.url, "PUT", target.headers, target.expires_at)


@attrs.frozen
class CropIo:
    """Pixels of the upright original (``width``/``height`` of the item)."""

    left: Pixels
    top: Pixels
    width: Pixels
    height: Pixels

    def domain(self) -> CropBox:
        return CropBox(self.left, self.top, self.width, self.height)


@attrs.frozen
class EditMediaIn:
    crop: CropIo | None = None
    clear_crop: bool = False
    position: Position | None = None
    is_cover: bool | None = None


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


@attrs.frozen
class ReviewIn:
    """A staff decision; ``reason`` is required to reject (the owner reads it)."""

    decision: Decision  # the reviewer is the signed-in staff member, never a body field
    reason: Reason = ""


@attrs.frozen
class VariantOut:
    name: str
    width: int
    height: int
    content_type: str
    url: str | None  # only while the item is approved


@attrs.frozen
class VerdictOut:
    classification: str
    moderator: str
    scores: dict[str, float]


@attrs.frozen
class ReviewOut:
    approved: bool
    staff: str
    reason: str
    at: datetime


@attrs.frozen
class MediaOut:
    """The owner's (and staff's) view of one item; never the original's location."""

    id: str
    profile_id: str
    status: str
    position: int
    is_cover: bool
    content_type: str | None
    width: int | None
    height: int | None
    crop: CropIo | None
    variants: list[VariantOut]
    verdict: VerdictOut | None
    review: ReviewOut | None
    revision: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, asset: MediaAsset, store: ObjectStore) -> MediaOut:
        facts, crop, verdict, review = asset.facts, asset.crop, asset.verdict, asset.review
        return cls(
            asset.id, asset.profile_id, asset.status.value, asset.position, asset.is_cover,
            facts.content_type if facts else None, facts.width if facts else None, facts.height if facts else None,
            None if crop is None else CropIo(crop.left, crop.top, crop.width, crop.height),
            [VariantOut(v.name, v.width, v.height, v.content_type,
                        store.public_url(public_key(v.key)) if asset.is_public else None) for v in asset.variants],
            None if verdict is None else VerdictOut(verdict.classification.value, verdict.moderator,
                                                    dict(verdict.scores)),
            None if review is None else ReviewOut(review.approved, review.staff, review.reason, review.at),
            asset.revision, asset.created_at, asset.updated_at,
        )  # fmt: skip


@attrs.frozen
class MediaListOut:
    items: list[MediaOut]


@attrs.frozen
class PublicVariantOut:
    name: str
    url: str
    width: int
    height: int


@attrs.frozen
class PublicMediaOut:
    media_id: str
    is_cover: bool
    width: int
    height: int
    variants: list[PublicVariantOut]

    @classmethod
    def of(cls, media: PublicMedia) -> PublicMediaOut:
        variants = [PublicVariantOut(v.name, v.url, v.width, v.height) for v in media.variants]
        return cls(media.media_id, media.is_cover, media.width, media.height, variants)


@attrs.frozen
class PublicMediaListOut:
    items: list[PublicMediaOut]

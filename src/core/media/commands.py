"""Commands of the media context: imperative requests the handlers carry out."""

from __future__ import annotations

import attrs

from core.media.model import CropBox


@attrs.frozen
class StartUpload:
    """Reserve a media item and get a pre-signed PUT URL; ``size`` is the exact byte count to be sent."""

    profile_id: str
    content_type: str
    size: int


@attrs.frozen
class CompleteUpload:
    media_id: str


@attrs.frozen
class EditMedia:
    """The owner's changes; ``None`` leaves a field as it is. ``crop`` re-renders the variants server-side."""

    media_id: str
    crop: CropBox | None = None
    clear_crop: bool = False
    position: int | None = None
    is_cover: bool | None = None


@attrs.frozen
class ReviewMedia:
    media_id: str
    approve: bool
    staff: str
    reason: str = ""


@attrs.frozen
class ReprocessMedia:
    """Render again from the original; an item stuck in processing is also moderated again."""

    media_id: str

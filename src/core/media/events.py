"""Events of the media context: what happened to a media item, in the past tense."""

from __future__ import annotations

import attrs

from core.shared.events import Event


@attrs.frozen
class UploadStarted(Event):
    media_id: str
    profile_id: str


@attrs.frozen
class MediaProcessed(Event):
    media_id: str
    profile_id: str
    status: str  # approved | rejected | pending_review


@attrs.frozen
class MediaReviewed(Event):
    media_id: str
    profile_id: str
    approved: bool
    staff: str


@attrs.frozen
class MediaRerendered(Event):
    media_id: str
    profile_id: str
    revision: int


@attrs.frozen
class PortfolioArranged(Event):
    profile_id: str
    order: tuple[str, ...]
    cover_id: str | None


@attrs.frozen
class UploadDiscarded(Event):
    """An upload was refused (corrupt, too large, wrong type) or abandoned (``code`` says which) and everything of
    it removed."""

    media_id: str
    profile_id: str
    code: str

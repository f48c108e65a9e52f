"""Events of the media context: what happened to a media item, in the past tense."""

from __future__ import annotations

import attrs

from core.shared.events import Event
from core.shared.outbox import outbound


@outbound("media.processed")  # the search indexer consumes it
@attrs.frozen
class MediaProcessed(Event):
    media_id: str
    profile_id: str
    status: str  # approved | rejected | pending_review


@outbound("media.reviewed")  # the search indexer consumes it
@attrs.frozen
class MediaReviewed(Event):
    media_id: str
    profile_id: str
    approved: bool
    staff: str


@outbound("media.rerendered")  # the search indexer consumes it
@attrs.frozen
class MediaRerendered(Event):
    media_id: str
    profile_id: str
    revision: int


@outbound("media.portfolio_arranged")  # the search indexer consumes it
@attrs.frozen
class PortfolioArranged(Event):
    profile_id: str
    order: tuple[str, ...]
    cover_id: str | None


@outbound("media.upload_discarded")  # the search indexer consumes it
@attrs.frozen
class UploadDiscarded(Event):
    """An upload was refused (corrupt, too large, wrong type) or abandoned (``code`` says which) and everything of
    it removed."""

    media_id: str
    profile_id: str
    code: str

"""Commands of the media context: who acts, and what they ask; the handlers check the one against the other."""

from __future__ import annotations

import attrs

from core.media.model import CropBox, MediaAsset
from core.media.ports import UploadTarget
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen(kw_only=True)
class StartUpload(Command[tuple[MediaAsset, UploadTarget]]):
    """Reserve a media item and get a pre-signed PUT URL; ``size`` is the exact byte count to be sent."""

    actor: Actor
    profile_id: str
    content_type: str
    size: int


@attrs.frozen(kw_only=True)
class MediaItemCommand(Command[MediaAsset]):
    """A command on the existing media item ``media_id``, asked by ``actor``; the answer is the item after it."""

    actor: Actor
    media_id: str


@attrs.frozen(kw_only=True)
class CompleteUpload(MediaItemCommand):
    """Process the file PUT to the item's upload URL."""


@attrs.frozen(kw_only=True)
class EditMedia(MediaItemCommand):
    """The owner's changes; ``None`` leaves a field as it is. ``crop`` re-renders the variants server-side."""

    crop: CropBox | None = None
    clear_crop: bool = False
    position: int | None = None
    is_cover: bool | None = None


@attrs.frozen(kw_only=True)
class ReviewMedia(MediaItemCommand):
    """A staff decision. A signed-in staff member is recorded by user id; the operator (who has none) names
    whoever decides in ``staff``."""

    approve: bool
    reason: str = ""
    staff: str = ""

    @property
    def decided_by(self) -> str:
        return self.actor.user_id or self.staff


@attrs.frozen(kw_only=True)
class ReprocessMedia(MediaItemCommand):
    """Render again from the original; an item stuck in processing is also moderated again."""

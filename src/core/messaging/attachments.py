"""Image attachments of messages, through the media pipeline (``core.media``): the type read from the bytes, the
image re-rendered without any metadata (no EXIF, no GPS) and moderated. The original is never kept and no rendering
is ever public: a variant is served by the messaging routes, and only once moderation passed it (fail closed), to
the uploader and the two parties of the thread it was posted in (staff with an audit entry)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.media.model import Classification, Variant, Verdict

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 4  # per message
ATTACHMENTS_PREFIX = "attachments/"  # private: never under the store's ``public/`` prefix


class AttachmentStatus(StrEnum):
    PENDING_REVIEW = "pending_review"  # quarantined: a person must look (the manual moderator, or unsure)
    APPROVED = "approved"  # classified safe, or approved by staff: its variants may be shown to the thread
    REJECTED = "rejected"  # classified unsafe or rejected by staff: never shown


_BY_CLASSIFICATION = {
    Classification.SAFE: AttachmentStatus.APPROVED,
    Classification.UNSAFE: AttachmentStatus.REJECTED,
    Classification.NEEDS_REVIEW: AttachmentStatus.PENDING_REVIEW,
}


@attrs.define(kw_only=True)
class Attachment:
    """One uploaded image, its private renditions and its moderation; ``message_id`` once posted with a message."""

    id: str
    owner_id: str
    content_type: str
    width: int
    height: int
    status: AttachmentStatus
    variants: tuple[Variant, ...]
    verdict: Verdict
    created_at: datetime
    message_id: str | None = None
    thread_id: str | None = None

    @classmethod
    def moderated(
        cls, *, attachment_id: str, owner_id: str, content_type: str, size: tuple[int, int],
        variants: tuple[Variant, ...], verdict: Verdict, now: datetime,
    ) -> Attachment:  # fmt: skip
        """A new attachment whose status the moderator's ``verdict`` decides (unsure: quarantined for staff)."""
        return cls(id=attachment_id, owner_id=owner_id, content_type=content_type, width=size[0], height=size[1],
                   status=_BY_CLASSIFICATION[verdict.classification], variants=variants, verdict=verdict,
                   created_at=now)  # fmt: skip

    @property
    def shown(self) -> bool:
        """Fail closed: only an approved attachment's variants are ever served."""
        return self.status is AttachmentStatus.APPROVED

    def variant(self, name: str) -> Variant | None:
        return next((v for v in self.variants if v.name == name), None)


def attachment_key(owner_id: str, attachment_id: str, name: str, extension: str) -> str:
    """Where a rendition lives: a private key (no public twin is ever written)."""
    return f"{ATTACHMENTS_PREFIX}{owner_id}/{attachment_id}/{name}.{extension}"

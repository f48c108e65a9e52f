"""Image attachments of messages, through the media pipeline (``core.media``): the type read from the bytes, the
image re-rendered without any metadata (no EXIF, no GPS) and moderated. The original is never kept and no rendering
is ever public: a variant is served by the messaging routes, and only once moderation passed it (fail closed), to
the uploader and the two parties of the thread it was posted in (staff with an audit entry)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.media.model import Classification, Variant, Verdict

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # an image
MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # any upload's body; a document's cap (AttachmentRules) may not exceed it
PDF = "application/pdf"
DOCUMENT_TYPES = (PDF,)  # the non-image allow-list; the image types are the media processor's
DOCUMENT_VARIANT = "document"  # a document's one stored file, served as a download
_PDF_MAGIC, _PDF_TRAILER, _TRAILER_WINDOW = b"%PDF-", b"%%EOF", 1024
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

    @classmethod
    def held_document(
        cls, *, attachment_id: str, owner_id: str, content_type: str, variant: Variant, now: datetime
    ) -> Attachment:
        """A new document (PDF): no moderator reads documents, so it is quarantined until staff approve it."""
        return cls(id=attachment_id, owner_id=owner_id, content_type=content_type, width=0, height=0,
                   status=AttachmentStatus.PENDING_REVIEW, variants=(variant,),
                   verdict=Verdict(Classification.NEEDS_REVIEW, "document"), created_at=now)  # fmt: skip

    @property
    def is_document(self) -> bool:
        return self.content_type in DOCUMENT_TYPES

    @property
    def shown(self) -> bool:
        """Fail closed: only an approved attachment's variants are ever served."""
        return self.status is AttachmentStatus.APPROVED

    def variant(self, name: str) -> Variant | None:
        return next((v for v in self.variants if v.name == name), None)


def attachment_key(owner_id: str, attachment_id: str, name: str, extension: str) -> str:
    """Where a rendition lives: a private key (no public twin is ever written)."""
    return f"{ATTACHMENTS_PREFIX}{owner_id}/{attachment_id}/{name}.{extension}"


@attrs.frozen
class AttachmentRules:
    """Size caps by kind (settings): a PDF's ``pdf_max_bytes`` (at most ``MAX_UPLOAD_BYTES``)."""

    pdf_max_bytes: int = 10 * 1024 * 1024


def looks_like_pdf(data: bytes) -> bool:
    """The bytes start with the ``%PDF-`` magic (whatever the announced type)."""
    return data.startswith(_PDF_MAGIC)


def has_pdf_trailer(data: bytes) -> bool:
    """A complete PDF ends with ``%%EOF`` (some writers add a little after it; a truncated file has none)."""
    return _PDF_TRAILER in data[-_TRAILER_WINDOW:]

"""Errors of the media context: what went wrong with an upload or a media item, as data."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


@attrs.define
class UnsupportedMediaType(DomainError):
    """The bytes (or the declared type) are not an allowed image type; ``detected`` is what the magic said."""

    code = "media-unsupported-type"
    message = "{detected} is not accepted; allowed: {allowed}"
    detected: str
    allowed: tuple[str, ...]


@attrs.define
class MediaTooLarge(DomainError):
    """The upload is (or announces itself as) bigger than the size cap."""

    code = "media-too-large"
    message = "{size} bytes is more than the {limit}-byte limit"
    size: int
    limit: int


@attrs.define
class TooManyPixels(DomainError):
    """The image header announces more pixels than the cap (a decompression bomb); it was never decoded."""

    code = "media-too-many-pixels"
    message = "{pixels} pixels is more than the {limit}-pixel limit"
    pixels: int
    limit: int


@attrs.define
class CorruptImage(DomainError):
    """The bytes claim an allowed type but cannot be decoded (truncated, damaged)."""

    code = "media-corrupt"
    message = "the image cannot be read: {reason}"
    reason: str


@attrs.define
class UploadMissing(DomainError):
    """``complete`` was called before the file was PUT to its upload URL."""

    code = "media-upload-missing"
    message = "nothing was uploaded for media {media_id!r} yet"
    media_id: str


@attrs.define
class MediaStateError(DomainError):
    """The action is not possible in the media item's current status."""

    code = "media-state"
    message = "media {media_id!r} is {status}: cannot {action}"
    media_id: str
    status: str
    action: str


@attrs.define
class OriginalChanged(DomainError):
    """The stored original is not the file that was moderated; nothing is rendered from it."""

    code = "media-original-changed"
    message = "the original of media {media_id!r} changed after moderation"
    media_id: str


@attrs.define
class UploadRejected(DomainError):
    """An upload URL was refused: bad or expired signature, wrong length or content type."""

    code = "media-upload-rejected"
    message = "upload refused: {reason}"
    reason: str


@attrs.define
class NotPublicKey(DomainError):
    """A public URL was asked for a key outside the public area (an original or an unapproved variant)."""

    code = "media-not-public"
    message = "this object is not public"
    key: str


@attrs.define
class StorageUnavailable(DomainError):
    """The object store did not answer; nothing was changed and the call may be retried."""

    code = "media-storage-unavailable"
    message = "object storage failed to {operation}: {reason}"
    operation: str
    reason: str

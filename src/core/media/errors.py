"""Errors of the media context: what went wrong with an upload or a media item, as data."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


@attrs.define
class UnsupportedMediaType(DomainError):
    """The bytes (or the declared type) are not an allowed image type; ``detected`` is what the magic said."""

    code = "media-unsupported-type"
    detected: str
    allowed: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.detected} is not accepted; allowed: {', '.join(self.allowed)}"


@attrs.define
class MediaTooLarge(DomainError):
    """The upload is (or announces itself as) bigger than the size cap."""

    code = "media-too-large"
    size: int
    limit: int

    def describe(self) -> str:
        return f"{self.size} bytes is more than the {self.limit}-byte limit"


@attrs.define
class TooManyPixels(DomainError):
    """The image header announces more pixels than the cap (a decompression bomb); it was never decoded."""

    code = "media-too-many-pixels"
    pixels: int
    limit: int

    def describe(self) -> str:
        return f"{self.pixels} pixels is more than the {self.limit}-pixel limit"


@attrs.define
class CorruptImage(DomainError):
    """The bytes claim an allowed type but cannot be decoded (truncated, damaged)."""

    code = "media-corrupt"
    reason: str

    def describe(self) -> str:
        return f"the image cannot be read: {self.reason}"


@attrs.define
class UploadMissing(DomainError):
    """``complete`` was called before the file was PUT to its upload URL."""

    code = "media-upload-missing"
    media_id: str

    def describe(self) -> str:
        return f"nothing was uploaded for media {self.media_id!r} yet"


@attrs.define
class MediaStateError(DomainError):
    """The action is not possible in the media item's current status."""

    code = "media-state"
    media_id: str
    status: str
    action: str

    def describe(self) -> str:
        return f"media {self.media_id!r} is {self.status}: cannot {self.action}"


@attrs.define
class OriginalChanged(DomainError):
    """The stored original is not the file that was moderated; nothing is rendered from it."""

    code = "media-original-changed"
    media_id: str

    def describe(self) -> str:
        return f"the original of media {self.media_id!r} changed after moderation"


@attrs.define
class UploadRejected(DomainError):
    """An upload URL was refused: bad or expired signature, wrong length or content type."""

    code = "media-upload-rejected"
    reason: str

    def describe(self) -> str:
        return f"upload refused: {self.reason}"


@attrs.define
class NotPublicKey(DomainError):
    """A public URL was asked for a key outside the public area (an original or an unapproved variant)."""

    code = "media-not-public"
    key: str

    def describe(self) -> str:
        return "this object is not public"


@attrs.define
class StorageUnavailable(DomainError):
    """The object store did not answer; nothing was changed and the call may be retried."""

    code = "media-storage-unavailable"
    operation: str
    reason: str

    def describe(self) -> str:
        return f"object storage failed to {self.operation}: {self.reason}"

"""Errors of the media context: what went wrong with an upload or a media item, as data."""

from __future__ import annotations

from core.shared.errors import DomainError


class UnsupportedMediaType(DomainError):
    """The bytes (or the declared type) are not an allowed image type; ``detected`` is what the magic said."""

    code = "media-unsupported-type"

    def __init__(self, detected: str, allowed: tuple[str, ...]) -> None:
        super().__init__(
            f"{detected} is not accepted; allowed: {', '.join(allowed)}", detected=detected, allowed=list(allowed)
        )
        self.detected = detected
        self.allowed = allowed


class MediaTooLarge(DomainError):
    """The upload is (or announces itself as) bigger than the size cap."""

    code = "media-too-large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes is more than the {limit}-byte limit", size=size, limit=limit)
        self.size = size
        self.limit = limit


class TooManyPixels(DomainError):
    """The image header announces more pixels than the cap (a decompression bomb); it was never decoded."""

    code = "media-too-many-pixels"

    def __init__(self, pixels: int, limit: int) -> None:
        super().__init__(f"{pixels} pixels is more than the {limit}-pixel limit", pixels=pixels, limit=limit)
        self.pixels = pixels
        self.limit = limit


class CorruptImage(DomainError):
    """The bytes claim an allowed type but cannot be decoded (truncated, damaged)."""

    code = "media-corrupt"

    def __init__(self, reason: str) -> None:
        super().__init__(f"the image cannot be read: {reason}", reason=reason)
        self.reason = reason


class UploadMissing(DomainError):
    """``complete`` was called before the file was PUT to its upload URL."""

    code = "media-upload-missing"

    def __init__(self, media_id: str) -> None:
        super().__init__(f"nothing was uploaded for media {media_id!r} yet", media_id=media_id)
        self.media_id = media_id


class MediaStateError(DomainError):
    """The action is not possible in the media item's current status."""

    code = "media-state"

    def __init__(self, media_id: str, status: str, action: str) -> None:
        super().__init__(f"media {media_id!r} is {status}: cannot {action}", media_id=media_id, status=status,
                         action=action)  # fmt: skip
        self.media_id = media_id
        self.status = status
        self.action = action


class OriginalChanged(DomainError):
    """The stored original is not the file that was moderated; nothing is rendered from it."""

    code = "media-original-changed"

    def __init__(self, media_id: str) -> None:
        super().__init__(f"the original of media {media_id!r} changed after moderation", media_id=media_id)
        self.media_id = media_id


class UploadRejected(DomainError):
    """An upload URL was refused: bad or expired signature, wrong length or content type."""

    code = "media-upload-rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(f"upload refused: {reason}", reason=reason)
        self.reason = reason


class NotPublicKey(DomainError):
    """A public URL was asked for a key outside the public area (an original or an unapproved variant)."""

    code = "media-not-public"

    def __init__(self, key: str) -> None:
        super().__init__("this object is not public", key=key)
        self.key = key


class StorageUnavailable(DomainError):
    """The object store did not answer; nothing was changed and the call may be retried."""

    code = "media-storage-unavailable"

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(f"object storage failed to {operation}: {reason}", operation=operation, reason=reason)
        self.operation = operation
        self.reason = reason

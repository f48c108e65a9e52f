"""Ports of the media context: object storage, image processing, moderation and the media repository."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import attrs

from core.media.keys import VariantSpec
from core.media.model import CropBox, ImageFacts, MediaAsset, MediaStatus, Verdict
from core.profiles.model import ProfileDraft
from core.shared.unit_of_work import UnitOfWork


@attrs.frozen
class UploadTarget:
    """Where and how the client PUTs the file: send exactly ``headers`` with the body, before ``expires_at``."""

    url: str
    headers: dict[str, str]
    expires_at: datetime


@attrs.frozen
class RenderedImage:
    """One encoded variant, ready to store."""

    name: str
    data: bytes
    width: int
    height: int
    content_type: str
    extension: str


class ObjectStore(Protocol):
    """Blobs by key. Keys under ``public/`` may be served publicly; every other key is private."""

    def presign_put(
        self, key: str, *, content_type: str, content_length: int, expires_at: datetime, now: datetime
    ) -> UploadTarget:
        """A URL that accepts one plain-HTTP PUT of exactly ``content_length`` bytes of ``content_type`` at
        ``key`` until ``expires_at``. Pure computation (no call to the store); may be called again."""
        ...

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` at ``key``, replacing what was there, atomically (readers never see half a file).
        Idempotent. Raises ``StorageUnavailable``."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes at ``key``. Raises ``NotFound("object", key)`` or ``StorageUnavailable``."""
        ...

    def size(self, key: str) -> int | None:
        """The byte size at ``key``, or ``None`` when nothing is there. Raises ``StorageUnavailable``."""
        ...

    def exists(self, key: str) -> bool:
        """Whether an object is at ``key``. Raises ``StorageUnavailable``."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; idempotent (deleting a missing key is fine). Raises ``StorageUnavailable``."""
        ...

    def keys(self, prefix: str) -> list[str]:
        """Every stored key that starts with ``prefix``, sorted; never a half-written upload. Raises
        ``StorageUnavailable``."""
        ...

    def public_url(self, key: str) -> str:
        """The URL anyone may GET for a key under ``public/``. Raises ``NotPublicKey`` for any other key
        (originals and private variants never get a public URL). Pure computation."""
        ...


class ImageProcessor(Protocol):
    """Decoding and rendering, safe against hostile files."""

    accepted_types: tuple[str, ...]  # MIME types this processor can read (HEIC only when its decoder is there)

    def inspect(self, data: bytes) -> ImageFacts:
        """The type by magic bytes and the upright size, read from the header only (nothing is decoded).
        Raises ``MediaTooLarge`` over the byte cap, ``UnsupportedMediaType`` for anything but the allow-list,
        ``TooManyPixels`` over the pixel cap (before decoding), ``CorruptImage`` for an unreadable header."""
        ...

    def render(self, data: bytes, specs: tuple[VariantSpec, ...], crop: CropBox | None) -> list[RenderedImage]:
        """Decode once, apply EXIF orientation, crop (``crop`` is in upright pixels), and encode one image per
        spec (long edge at most ``spec.long_edge``, never upscaled) without any metadata (no EXIF, no GPS).
        Raises what ``inspect`` raises, and ``CorruptImage`` when decoding fails (e.g. a truncated file)."""
        ...


class Moderator(Protocol):
    """Says whether an image is safe for work."""

    name: str

    def classify(self, image: bytes) -> Verdict:
        """Classify an encoded image. Never raises for a readable image: a moderator that cannot decide
        returns ``NEEDS_REVIEW`` (fail closed). Deterministic for the same bytes."""
        ...


class MediaRepository(Protocol):
    """Media items, read and written inside the caller's unit of work."""

    def add(self, asset: MediaAsset) -> None:
        """Store a new item. Raises ``AlreadyExists`` for a taken id."""
        ...

    def get(self, media_id: str) -> MediaAsset:
        """The item with this id. Raises ``NotFound("media", id)``."""
        ...

    def save(self, asset: MediaAsset, expected_version: int) -> None:
        """Replace the stored item only if it is at ``expected_version`` (check and write are atomic).
        Raises ``NotFound`` if it is gone and ``VersionConflict`` if someone saved first."""
        ...

    def remove(self, media_id: str) -> None:
        """Forget the item; idempotent."""
        ...

    def of_profile(self, profile_id: str) -> list[MediaAsset]:
        """Every item of the profile in the owner's order (position, then id); empty for an unknown profile."""
        ...

    def of_profiles(self, profile_ids: Sequence[str]) -> dict[str, list[MediaAsset]]:
        """``of_profile`` for many profiles at once: every id a key (an empty list for one without items)."""
        ...

    def in_status(self, status: MediaStatus, limit: int) -> list[MediaAsset]:
        """At most ``limit`` items in ``status``, oldest first (the staff queue)."""
        ...


class ProfileLookup(Protocol):
    """What the media context needs to know about profiles: who may see a portfolio, and who may change it."""

    def get(self, profile_id: str) -> ProfileDraft:
        """The profile with this id (its status and owner), read in the caller's unit of work, so an ownership
        check and the change it guards share one transaction. Raises ``NotFound("profile", id)``."""
        ...


class MediaUnitOfWork(UnitOfWork, Protocol):
    media: MediaRepository
    profiles: ProfileLookup

"""Where media objects live in the store, and the sizes rendered: the private and public areas as data.

Originals and freshly rendered variants live in private areas; a variant is copied under ``public/`` only
while its media item is approved, so a bucket policy (or the local ``/media`` route) can expose exactly
``public/`` and nothing else.
"""

from __future__ import annotations

import attrs

PUBLIC_PREFIX = "public/"
ORIGINALS_PREFIX = "originals/"
VARIANTS_PREFIX = "variants/"

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 40_000_000  # above any phone or DSLR we expect (a 24 MP camera is well inside), far below a bomb
ALLOWED_TYPES = ("image/jpeg", "image/png", "image/webp")
HEIC_TYPE = "image/heic"


@attrs.frozen
class VariantSpec:
    """A rendered size: the long edge in pixels (never upscaled)."""

    name: str
    long_edge: int


VARIANT_SPECS = (VariantSpec("thumb", 320), VariantSpec("card", 800), VariantSpec("full", 2048))
MODERATED_VARIANT = "card"  # the moderator looks at this rendering: upright, metadata-free, small enough


def original_key(profile_id: str, media_id: str) -> str:
    return f"{ORIGINALS_PREFIX}{profile_id}/{media_id}"


def variant_key(profile_id: str, media_id: str, revision: int, name: str, extension: str) -> str:
    return f"{VARIANTS_PREFIX}{profile_id}/{media_id}/r{revision}/{name}.{extension}"


def public_key(private_key: str) -> str:
    """The public twin of a private variant key; originals have none."""
    if not private_key.startswith(VARIANTS_PREFIX):
        raise ValueError(f"only variants have public copies, not {private_key!r}")
    return PUBLIC_PREFIX + private_key.removeprefix(VARIANTS_PREFIX)


def is_public(key: str) -> bool:
    return key.startswith(PUBLIC_PREFIX) and ".." not in key

"""Rendering and storing variants: the object-store side of processing, all-or-nothing.

Every function that writes objects undoes its own writes when it fails, so a failed step leaves the store as
it found it; callers pass a ``written`` list to learn which keys to remove if a later step fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import attrs

from core.media.errors import OriginalChanged
from core.media.keys import MODERATED_VARIANT, VARIANT_SPECS, public_key, variant_key
from core.media.model import Classification, CropBox, MediaAsset, Variant, Verdict
from core.media.ports import ImageProcessor, Moderator, ObjectStore, RenderedImage
from core.shared.errors import DomainError


@attrs.frozen
class MediaServices:
    """The three ports processing needs, passed together."""

    store: ObjectStore
    processor: ImageProcessor
    moderator: Moderator


def moderate(moderator: Moderator, rendered: list[RenderedImage]) -> Verdict:
    """The moderator's verdict on the moderated rendering; a moderator that fails sends the item to staff."""
    image = next(r for r in rendered if r.name == MODERATED_VARIANT)
    try:
        return moderator.classify(image.data)
    except Exception as error:  # fail closed: whatever went wrong, a person decides
        return Verdict(Classification.NEEDS_REVIEW, moderator.name, (("moderator-error:" + type(error).__name__, 1.0),))


def delete_quietly(store: ObjectStore, keys: Iterable[str]) -> None:
    """Best-effort cleanup: a key that cannot be deleted now is left for ``rastup media reprocess``."""
    for key in keys:
        try:
            store.delete(key)
        except DomainError:
            continue


def store_variants(
    store: ObjectStore, asset: MediaAsset, revision: int, rendered: list[RenderedImage], *, public: bool,
    written: list[str],
) -> tuple[Variant, ...]:  # fmt: skip
    """Put each rendering at its private key (and its public twin when ``public``); keys land in ``written``."""
    variants = []
    for image in rendered:
        key = variant_key(asset.profile_id, asset.id, revision, image.name, image.extension)
        for target in (key, public_key(key)) if public else (key,):
            store.put(target, image.data, image.content_type)
            written.append(target)
        variants.append(Variant(image.name, key, image.width, image.height, image.content_type, len(image.data)))
    return tuple(variants)


def publish(store: ObjectStore, variants: tuple[Variant, ...], written: list[str]) -> None:
    """Copy each private variant to its public key."""
    for variant in variants:
        store.put(public_key(variant.key), store.get(variant.key), variant.content_type)
        written.append(public_key(variant.key))


def unpublish(store: ObjectStore, variants: tuple[Variant, ...]) -> None:
    """Remove the public copies (raises if the store fails: taking down must not be silently skipped)."""
    for variant in variants:
        store.delete(public_key(variant.key))


def object_keys(variants: tuple[Variant, ...]) -> list[str]:
    """Every key a set of variants may occupy, private and public."""
    return [k for v in variants for k in (v.key, public_key(v.key))]


def render_from_original(services: MediaServices, asset: MediaAsset, crop: CropBox | None) -> list[RenderedImage]:
    """Fetch the original (the very file that was moderated) and render every variant size from it."""
    data = services.store.get(asset.original_key)
    if hashlib.sha256(data).hexdigest() != asset.original_digest:  # the moderated file was replaced: refuse
        raise OriginalChanged(asset.id)
    return services.processor.render(data, VARIANT_SPECS, crop)

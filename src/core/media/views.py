"""Read models of the media context: the owner's portfolio, the public portfolio, the staff queue and the private
rendition staff judge a queued item by."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from core.media.access import require_portfolio_owner
from core.media.keys import public_key
from core.media.model import MediaAsset, MediaStatus, Variant
from core.media.portfolio import public_order
from core.media.ports import MediaUnitOfWork, ObjectStore
from core.profiles.visibility import Viewer, shown_to
from core.shared.actor import Actor, require_staff
from core.shared.errors import NotFound

PREVIEW_EDGE = 640  # pixels on the long edge: enough to judge an image, far less than the full rendition


@attrs.frozen
class Rendition:
    """A private rendition's bytes and their content type, for staff eyes only."""

    data: bytes = attrs.field(repr=False)
    content_type: str


@attrs.frozen
class PublicVariant:
    name: str
    url: str
    width: int
    height: int


@attrs.frozen
class PublicMedia:
    """An approved item as anyone may see it: public variant URLs only, never the original."""

    media_id: str
    is_cover: bool
    position: int
    width: int
    height: int
    variants: tuple[PublicVariant, ...]

    def variant(self, name: str) -> PublicVariant | None:
        return next((v for v in self.variants if v.name == name), None)


def media_item(media_id: str, uow: MediaUnitOfWork) -> MediaAsset:
    """One item, whatever its status (its ``profile_id`` names the portfolio it belongs to). Raises ``NotFound``."""
    with uow.reading():
        return uow.media.get(media_id)


def owner_media(profile_id: str, actor: Actor, uow: MediaUnitOfWork) -> list[MediaAsset]:
    """Every item of the profile in the owner's order, whatever its status, with verdicts and review reasons:
    the owner's (and the operator's) alone. Raises ``NotFound`` for anyone else, as for an unknown profile."""
    with uow.reading():
        require_portfolio_owner(profile_id, actor, uow)
        return uow.media.of_profile(profile_id)


def public_media(profile_id: str, uow: MediaUnitOfWork, store: ObjectStore) -> list[PublicMedia]:
    """Approved items, cover first; empty for a profile without any (or an unknown one)."""
    with uow.reading():
        assets = uow.media.of_profile(profile_id)
    return _shown(assets, store)


def public_media_of(
    profile_ids: Sequence[str], uow: MediaUnitOfWork, store: ObjectStore
) -> dict[str, list[PublicMedia]]:
    """``public_media`` of many profiles, read in one go: every id a key."""
    with uow.reading():
        found = uow.media.of_profiles(profile_ids)
    return {profile_id: _shown(assets, store) for profile_id, assets in found.items()}


def _shown(assets: list[MediaAsset], store: ObjectStore) -> list[PublicMedia]:
    shown = []
    for asset in public_order(assets):
        variants = tuple(PublicVariant(v.name, store.public_url(public_key(v.key)), v.width, v.height)
                         for v in asset.variants)  # fmt: skip
        full = max(asset.variants, key=lambda v: v.width * v.height)
        shown.append(PublicMedia(asset.id, asset.is_cover, asset.position, full.width, full.height, variants))
    return shown


def public_media_shown_to(
    profile_id: str, viewer: Viewer, uow: MediaUnitOfWork, store: ObjectStore
) -> list[PublicMedia]:
    """``public_media`` of a profile ``viewer`` may see (``core.profiles.visibility``). Raises ``NotFound`` for
    an unknown profile and for one hidden from ``viewer`` alike."""
    with uow.reading():
        shown_to(uow.profiles.get(profile_id), viewer)
    return public_media(profile_id, uow, store)


def review_queue(actor: Actor, limit: int, uow: MediaUnitOfWork) -> list[MediaAsset]:
    """Items waiting for a person, oldest first. Staff only (``StaffOnly`` for anyone else)."""
    require_staff(actor)
    with uow.reading():
        return uow.media.in_status(MediaStatus.PENDING_REVIEW, limit)


def review_rendition(actor: Actor, media_id: str, uow: MediaUnitOfWork, store: ObjectStore) -> Rendition:
    """The private rendition of an item waiting for a person that staff judge it by: ``preview_variant``'s bytes,
    read from the store, never the original nor a public copy. Staff only (``StaffOnly``); ``NotFound("media",
    id)`` for an unknown item, one not waiting for review (an approved one is on its public page, a rejected one is
    shown to no one) and one whose rendition is missing from the store. Raises ``StorageUnavailable``."""
    require_staff(actor)
    missing = NotFound("media", media_id)
    with uow.reading():
        try:
            asset = uow.media.get(media_id)
        except NotFound:
            raise missing from None
    variant = preview_variant(asset) if asset.status is MediaStatus.PENDING_REVIEW else None
    if variant is None:
        raise missing
    try:
        return Rendition(store.get(variant.key), variant.content_type)
    except NotFound:
        raise missing from None


def preview_variant(asset: MediaAsset) -> Variant | None:
    """The smallest variant at least ``PREVIEW_EDGE`` pixels on its long edge (the ``card`` of most images), or
    the largest of a smaller image; ``None`` before any is rendered."""
    big_enough = [v for v in asset.variants if max(v.width, v.height) >= PREVIEW_EDGE]
    if big_enough:
        return min(big_enough, key=lambda v: (v.width * v.height, v.name))
    return max(asset.variants, key=lambda v: (v.width * v.height, v.name), default=None)


def stuck_media(limit: int, uow: MediaUnitOfWork) -> list[MediaAsset]:
    """Items left in ``processing`` (a worker died mid-way), oldest first: ``rastup media reprocess --stuck``."""
    with uow.reading():
        return uow.media.in_status(MediaStatus.PROCESSING, limit)

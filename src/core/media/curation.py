"""The owner's edits (crop, order, cover) and the staff's decisions (approve, reject, take down)."""

from __future__ import annotations

from core.media.access import owned_media
from core.media.commands import EditMedia, ReviewMedia
from core.media.events import MediaReviewed, PortfolioArranged
from core.media.model import CropBox, MediaAsset
from core.media.portfolio import arranged
from core.media.ports import MediaUnitOfWork
from core.media.rendering import MediaServices, delete_quietly, publish, unpublish
from core.media.retouch import rerender
from core.shared.actor import require_staff
from core.shared.clock import Clock
from core.shared.errors import InvalidInput


def _crop_of(command: EditMedia, asset: MediaAsset) -> CropBox | None:
    if command.clear_crop:
        return None
    box = command.crop
    if box is None:
        return asset.crop
    if asset.facts is None:
        raise InvalidInput("crop", "the image is not processed yet")
    return CropBox.validated(box.left, box.top, box.width, box.height, image=(asset.facts.width, asset.facts.height))


def _arrange(command: EditMedia, uow: MediaUnitOfWork, clock: Clock) -> MediaAsset:
    """Move the item and/or change the cover; the profile's other items are renumbered in the same unit."""
    with uow:
        target = owned_media(command.media_id, command.actor, uow)
        assets = uow.media.of_profile(target.profile_id)
        placement = arranged(assets, target.id, command.position, command.is_cover)
        now = clock.now()
        for asset in assets:
            expected = asset.version
            asset.placed(*placement[asset.id], now)
            if asset.version != expected:
                uow.media.save(asset, expected)
        order = tuple(sorted(placement, key=lambda item: placement[item][0]))
        cover = next((item for item, (_, is_cover) in placement.items() if is_cover), None)
        uow.record(PortfolioArranged(target.profile_id, order, cover))
        uow.commit()
        return uow.media.get(target.id)


def edit_media(command: EditMedia, uow: MediaUnitOfWork, services: MediaServices, clock: Clock) -> MediaAsset:
    """Crop (server-side, re-rendering every variant), then move and/or set the cover. Returns the item.
    Raises ``NotFound`` naming the item (missing, or on a profile the actor may not change)."""
    with uow:
        asset = owned_media(command.media_id, command.actor, uow)
    crop = _crop_of(command, asset)
    if crop != asset.crop:
        asset = rerender(asset.id, crop, uow, services, clock)
    if command.position is not None or command.is_cover is not None:
        asset = _arrange(command, uow, clock)
    return asset


def review_media(command: ReviewMedia, uow: MediaUnitOfWork, services: MediaServices, clock: Clock) -> MediaAsset:
    """Staff approve (variants become public) or reject (public copies are removed before the commit). Raises
    ``StaffOnly`` for anyone else, whatever the id, then ``NotFound``."""
    store = services.store
    with uow:
        require_staff(command.actor)
        asset = uow.media.get(command.media_id)
        was_public, expected = asset.is_public, asset.version
        asset.decide(approved=command.approve, staff=command.decided_by, reason=command.reason, now=clock.now())
        written: list[str] = []
        try:
            if asset.is_public and not was_public:
                publish(store, asset.variants, written)
            if was_public and not asset.is_public:
                unpublish(store, asset.variants)  # fail closed: gone from the public area first
            uow.media.save(asset, expected)
            uow.record(MediaReviewed(asset.id, asset.profile_id, command.approve, command.decided_by.strip()))
            uow.commit()
        except BaseException:
            delete_quietly(store, written)
            raise
        return asset

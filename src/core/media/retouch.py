"""Re-rendering a decided item from its original: the owner's crop, or a reprocess after a change of sizes.

The slow work runs outside a transaction; the new variants are written first, the item saved with a version
check, and only then the old variants removed, so a reader never sees a missing image.
"""

from __future__ import annotations

from core.media.errors import MediaStateError
from core.media.events import MediaRerendered
from core.media.model import DECIDED, CropBox, MediaAsset
from core.media.ports import MediaUnitOfWork
from core.media.rendering import MediaServices, delete_quietly, object_keys, render_from_original, store_variants
from core.shared.clock import Clock
from core.shared.errors import VersionConflict


def rerender(
    media_id: str, crop: CropBox | None, uow: MediaUnitOfWork, services: MediaServices, clock: Clock
) -> MediaAsset:
    """Render every variant again with ``crop`` (``None``: the whole image); the decision stands."""
    with uow:
        asset = uow.media.get(media_id)
    if asset.status not in DECIDED:
        raise MediaStateError(asset.id, asset.status.value, "re-render")
    written: list[str] = []
    try:
        rendered = render_from_original(services, asset, crop)
        variants = store_variants(services.store, asset, asset.revision + 1, rendered, public=asset.is_public,
                                  written=written)  # fmt: skip
        with uow:
            stored = uow.media.get(media_id)
            if stored.version != asset.version:  # decided or edited meanwhile: our public flag may be stale
                raise VersionConflict("media", media_id, asset.version, stored.version)
            stored.rerendered(variants, crop, clock.now())
            uow.media.save(stored, asset.version)
            uow.record(MediaRerendered(stored.id, stored.profile_id, stored.revision))
            uow.commit()
    except BaseException:
        delete_quietly(services.store, written)
        raise
    delete_quietly(services.store, object_keys(asset.variants))
    return stored

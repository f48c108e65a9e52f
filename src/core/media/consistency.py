"""The object store checked against the media rows: every object a row names is there, and the objects no row
names (orphans) are listed. `rastup ops check-media` and the disaster-recovery drill run it after a restore."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from core.media.keys import ORIGINALS_PREFIX, PUBLIC_PREFIX, VARIANTS_PREFIX, public_key
from core.media.model import MediaAsset, MediaStatus
from core.media.ports import MediaUnitOfWork, ObjectStore

MEDIA_PREFIXES = (ORIGINALS_PREFIX, VARIANTS_PREFIX, PUBLIC_PREFIX)  # other areas (attachments/) are not media's
ROWS_PER_STATUS_AT_MOST = 1_000_000  # the repository reads by status; far above any portfolio store we run


@attrs.frozen
class MissingObject:
    """A media row names an object the store does not have."""

    media_id: str
    key: str


@attrs.frozen
class MediaConsistency:
    rows: int
    objects: int
    missing: tuple[MissingObject, ...]
    orphans: tuple[str, ...]  # listed, not fatal: a render in flight or a cleanup that failed leaves some

    @property
    def sound(self) -> bool:
        """No row lacks an object it names."""
        return not self.missing


def required_keys(asset: MediaAsset) -> tuple[str, ...]:
    """The objects a row says exist: the original once the upload is claimed, each private variant, and its
    public copy while the item is approved."""
    if asset.status is MediaStatus.UPLOADING:
        return ()
    variants = tuple(variant.key for variant in asset.variants)
    public = tuple(public_key(key) for key in variants) if asset.is_public else ()
    return (asset.original_key, *variants, *public)


def compare(assets: Iterable[MediaAsset], stored: Iterable[str]) -> MediaConsistency:
    """Rows against stored keys (those under the media prefixes). An original still waiting in an upload that
    was never completed is neither missing nor an orphan."""
    present = set(stored)
    missing: list[MissingObject] = []
    known: set[str] = set()
    rows = 0
    for asset in assets:
        rows += 1
        required = required_keys(asset)
        missing += [MissingObject(asset.id, key) for key in required if key not in present]
        known.update(required, (asset.original_key,))
    return MediaConsistency(rows, len(present), tuple(missing), tuple(sorted(present - known)))


def check_media_store(uow: MediaUnitOfWork, store: ObjectStore) -> MediaConsistency:
    """Every media row against the store's media keys (listed first, so an upload landing meanwhile is not
    reported missing); reads only."""
    stored = [key for prefix in MEDIA_PREFIXES for key in store.keys(prefix)]
    with uow.reading():
        assets = [asset for status in MediaStatus for asset in uow.media.in_status(status, ROWS_PER_STATUS_AT_MOST)]
    return compare(assets, stored)

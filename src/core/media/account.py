"""A user's portfolio images, seen from their account: the data export's share, and erasure with the account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.media.events import UploadDiscarded
from core.media.model import MediaAsset
from core.media.ports import MediaUnitOfWork, ObjectStore
from core.media.rendering import delete_quietly, object_keys, unpublish


def media_export(profile_ids: Sequence[str], uow: MediaUnitOfWork) -> dict[str, Any]:
    """Every image of the given profiles (the user's own): what was uploaded, its status and renditions.

    Metadata only: the files themselves are the user's uploads, downloadable through the media API."""
    assets = _assets_of(profile_ids, uow)
    return {
        "media": [
            {
                "id": a.id,
                "profile_id": a.profile_id,
                "status": a.status.value,
                "declared_type": a.declared_type,
                "declared_size": a.declared_size,
                "created_at": a.created_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
                "position": a.position,
                "is_cover": a.is_cover,
                "width": None if a.facts is None else a.facts.width,
                "height": None if a.facts is None else a.facts.height,
                "variants": [{"name": v.name, "width": v.width, "height": v.height} for v in a.variants],
                "review": None
                if a.review is None
                else {"approved": a.review.approved, "reason": a.review.reason, "at": a.review.at.isoformat()},
            }
            for a in assets
        ]
    }


def erase_media_of(profile_ids: Sequence[str], uow: MediaUnitOfWork, store: ObjectStore) -> list[str]:
    """Erase every image of the given profiles (their owner deleted the account): the public copies first
    (raising if the store fails, so a rerun finds the item again), then the item, then the private original and
    renditions (best effort: a file left behind is private and no page refers to it). Idempotent."""
    erased = []
    for asset in _assets_of(profile_ids, uow):
        unpublish(store, asset.variants)
        with uow:
            uow.media.remove(asset.id)
            uow.record(UploadDiscarded(asset.id, asset.profile_id, "account-deleted"))
            uow.commit()
        delete_quietly(store, [asset.original_key, *object_keys(asset.variants)])
        erased.append(asset.id)
    return erased


def _assets_of(profile_ids: Sequence[str], uow: MediaUnitOfWork) -> list[MediaAsset]:
    with uow.reading():
        return [asset for profile_id in profile_ids for asset in uow.media.of_profile(profile_id)]

"""A user's portfolio images in their data export: metadata of every image of their profiles."""

from __future__ import annotations

import json

from adapters.memory.media import InMemoryMediaUnitOfWork, InMemoryObjectStore
from core.media.account import erase_media_of, media_export
from core.media.keys import public_key
from tests.contracts.media_repository import asset, processed


def test_the_export_lists_the_images_of_the_given_profiles_only() -> None:
    uow = InMemoryMediaUnitOfWork()
    with uow:
        uow.media.add(processed(1))
        uow.media.add(asset(2))
        uow.media.add(asset(3, "prf_someone_else"))
        uow.commit()
    exported = media_export(["prf_0001"], uow)["media"]
    assert [m["id"] for m in exported] == ["med_0001", "med_0002"]
    first = exported[0]
    assert (first["width"], first["height"]) == (6000, 4000)
    assert first["variants"] == [{"name": "thumb", "width": 320, "height": 213}]
    assert first["review"]["approved"] is False and first["review"]["reason"] == "blurry ✨"
    assert exported[1]["status"] == "uploading" and exported[1]["review"] is None
    assert json.loads(json.dumps(exported)) == exported
    assert media_export([], uow) == {"media": []}


def test_erasure_removes_the_items_their_public_copies_and_their_files_and_nothing_else() -> None:
    uow, store = InMemoryMediaUnitOfWork(), InMemoryObjectStore()
    item, keep = processed(1), asset(3, "prf_someone_else")
    with uow:
        uow.media.add(item)
        uow.media.add(asset(2))
        uow.media.add(keep)
        uow.commit()
    variant = item.variants[0].key
    for key in (item.original_key, variant, public_key(variant), keep.original_key):
        store.put(key, b"pixels", "image/webp")

    assert erase_media_of(["prf_0001"], uow, store) == ["med_0001", "med_0002"]
    with uow.reading():
        assert [a.id for a in uow.media.of_profile("prf_0001")] == []
        assert [a.id for a in uow.media.of_profile("prf_someone_else")] == ["med_0003"]
    assert not any(store.exists(k) for k in (item.original_key, variant, public_key(variant)))
    assert store.exists(keep.original_key)
    assert erase_media_of(["prf_0001"], uow, store) == []  # idempotent

"""A user's portfolio images in their data export: metadata of every image of their profiles."""

from __future__ import annotations

import json

from adapters.memory.media import InMemoryMediaUnitOfWork
from core.media.account import media_export
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

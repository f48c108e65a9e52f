"""The contract every MediaRepository + MediaUnitOfWork keeps (in memory, SQLite, PostgreSQL).

Subclass and provide ``new_uow`` (fresh units over one shared, empty store) and ``add_profile`` (creates a
profile with the given id in that store, through the profiles context).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from core.media.model import Classification, CropBox, ImageFacts, MediaAsset, MediaStatus, Variant, Verdict
from core.media.ports import MediaUnitOfWork
from core.shared.errors import AlreadyExists, NotFound, VersionConflict

NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
NewMediaUow = Callable[[], MediaUnitOfWork]
AddProfile = Callable[[str], None]


def asset(n: int, profile_id: str = "prf_0001", *, position: int = 0) -> MediaAsset:
    return MediaAsset.new(media_id=f"med_{n:04d}", profile_id=profile_id, original_key=f"originals/{profile_id}/{n}",
                          declared_type="image/jpeg", declared_size=1234, position=position,
                          now=NOW + timedelta(seconds=n), upload_expires_at=NOW + timedelta(minutes=15))  # fmt: skip


def processed(n: int) -> MediaAsset:
    item = asset(n)
    item.begin_processing(NOW)
    variants = (Variant("thumb", f"variants/prf_0001/med_{n}/r1/thumb.webp", 320, 213, "image/webp", 999),)
    verdict = Verdict(Classification.NEEDS_REVIEW, "nudenet", (("FACE_FEMALE", 0.91), ("BELLY_EXPOSED", 0.31)))
    item.processed(ImageFacts("image/png", 6000, 4000), "ab" * 32, variants, verdict, NOW)
    item.crop = CropBox(10, 20, 300, 200)
    item.decide(approved=False, staff="kim", reason="blurry ✨", now=NOW + timedelta(hours=1))
    return item


class MediaRepositoryContract:
    @pytest.fixture(autouse=True)
    def _profiles(self, add_profile: AddProfile) -> None:
        add_profile("prf_0001")
        add_profile("prf_0002")

    def test_round_trip_of_a_fresh_and_a_fully_processed_item(self, new_uow: NewMediaUow) -> None:
        with new_uow() as uow:
            uow.media.add(asset(1))
            uow.media.add(processed(2))
            uow.commit()
        with new_uow() as uow:
            assert uow.media.get("med_0001") == asset(1)
            assert uow.media.get("med_0002") == processed(2)

    def test_a_taken_id_and_an_unknown_profile(self, new_uow: NewMediaUow) -> None:
        with new_uow() as uow:
            uow.media.add(asset(1))
            with pytest.raises(AlreadyExists):
                uow.media.add(asset(1))
            assert uow.profiles.get("prf_0001").id == "prf_0001"  # whose portfolio it is: its owner's to change
            with pytest.raises(NotFound):
                uow.profiles.get("prf_nope")

    def test_save_checks_the_version_atomically(self, new_uow: NewMediaUow) -> None:
        with new_uow() as uow:
            uow.media.add(asset(1))
            uow.commit()
        with new_uow() as uow:
            item = uow.media.get("med_0001")
            item.begin_processing(NOW)
            uow.media.save(item, 1)
            with pytest.raises(VersionConflict) as conflict:
                uow.media.save(item, 1)
            assert conflict.value.current == 2
            with pytest.raises(NotFound):
                uow.media.save(attrs.evolve(item, id="med_gone"), 2)
            uow.commit()
        with new_uow() as uow:
            assert uow.media.get("med_0001").status is MediaStatus.PROCESSING

    def test_of_profile_is_in_owner_order_and_remove_is_idempotent(self, new_uow: NewMediaUow) -> None:
        with new_uow() as uow:
            for n, position in ((1, 2), (2, 0), (3, 1)):
                uow.media.add(asset(n, position=position))
            uow.media.add(asset(4, "prf_0002"))
            uow.media.remove("med_0003")
            uow.media.remove("med_0003")
            uow.commit()
        with new_uow() as uow:
            assert [a.id for a in uow.media.of_profile("prf_0001")] == ["med_0002", "med_0001"]
            assert uow.media.of_profile("prf_unknown") == []

    def test_in_status_is_oldest_first_and_limited(self, new_uow: NewMediaUow) -> None:
        with new_uow() as uow:
            for n in (3, 1, 2):
                uow.media.add(asset(n))
            uow.media.add(processed(9))
            uow.commit()
        with new_uow() as uow:
            assert [a.id for a in uow.media.in_status(MediaStatus.UPLOADING, 2)] == ["med_0001", "med_0002"]
            assert [a.id for a in uow.media.in_status(MediaStatus.REJECTED, 10)] == ["med_0009"]

    def test_leaving_without_commit_rolls_back(self, new_uow: NewMediaUow) -> None:
        with new_uow() as uow:
            uow.media.add(asset(1))
        with new_uow() as uow, pytest.raises(NotFound):
            uow.media.get("med_0001")

"""The object store checked against the media rows: a row without its object is missing, an object without a row
is an orphan, and an upload still in flight is neither."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.media.consistency import MissingObject, check_media_store, required_keys
from core.media.keys import public_key
from core.media.model import MediaStatus
from tests.unit.media import images
from tests.unit.media.media_world import MediaWorld


def approved_world() -> tuple[MediaWorld, str]:
    world = MediaWorld()  # the scripted moderator says safe: the item is approved, its variants public
    asset = world.upload(images.jpeg())
    assert asset.status is MediaStatus.APPROVED
    return world, asset.id


def test_a_sound_store_has_nothing_missing_and_no_orphan() -> None:
    world, _ = approved_world()
    waiting = world.start(images.jpeg())  # its file never came: neither missing nor an orphan
    report = check_media_store(world.uow, world.store)
    assert (report.rows, report.sound, report.missing, report.orphans) == (2, True, (), ())
    assert report.objects == len(world.stored_keys())
    world.store.receive(waiting.original_key, images.jpeg(), "image/jpeg")
    assert check_media_store(world.uow, world.store).orphans == ()


def test_a_missing_object_fails_and_an_orphan_is_listed() -> None:
    world, media_id = approved_world()
    with world.uow as uow:
        asset = uow.media.get(media_id)
    lost = asset.variants[0].key
    world.store.delete(lost)
    world.store.put("variants/prf_gone/med_gone/r1/card.webp", b"x", "image/webp")
    world.store.put("attachments/usr_1/att_1/full.webp", b"x", "image/webp")  # not media's area: not listed
    report = check_media_store(world.uow, world.store)
    assert not report.sound
    assert report.missing == (MissingObject(media_id, lost),)
    assert report.orphans == ("variants/prf_gone/med_gone/r1/card.webp",)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_exactly_the_deleted_objects_are_missing(data: st.DataObject) -> None:
    world, media_id = approved_world()
    with world.uow as uow:
        asset = uow.media.get(media_id)
    required = required_keys(asset)
    assert len(required) == 1 + 2 * len(asset.variants) and asset.original_key in required
    deleted = data.draw(st.sets(st.sampled_from(required)))
    for key in deleted:
        world.store.delete(key)
    report = check_media_store(world.uow, world.store)
    assert {missing.key for missing in report.missing} == deleted and report.orphans == ()


def test_public_copies_are_required_only_while_approved() -> None:
    world, media_id = approved_world()
    with world.uow as uow:
        asset = uow.media.get(media_id)
    publics = {public_key(variant.key) for variant in asset.variants}
    assert publics <= set(required_keys(asset))
    asset.status = MediaStatus.REJECTED
    assert not publics & set(required_keys(asset))

"""Upload, processing and moderation on the in-memory adapters with real image files: all-or-nothing and
fail closed."""

from __future__ import annotations

import pytest

from core.media.commands import StartUpload
from core.media.errors import (
    CorruptImage,
    MediaTooLarge,
    TooManyPixels,
    UnsupportedMediaType,
    UploadMissing,
)
from core.media.events import MediaProcessed, UploadDiscarded
from core.media.keys import MAX_UPLOAD_BYTES
from core.media.model import Classification, MediaStatus
from core.media.uploads import start_upload
from core.media.views import public_media
from core.shared.actor import OPERATOR
from core.shared.errors import InvalidInput, NotFound
from tests.unit.media import images
from tests.unit.media.media_world import MediaWorld


@pytest.fixture
def world() -> MediaWorld:
    return MediaWorld()


def test_start_reserves_an_item_and_a_private_upload_key(world: MediaWorld) -> None:
    uow = world.uow
    command = StartUpload(actor=OPERATOR, profile_id="prf_ana", content_type="image/jpeg", size=1234)
    asset, target = start_upload(command, uow, world.services, world.clock, world.ids)
    assert (asset.status, asset.original_key, asset.position) == (
        MediaStatus.UPLOADING, "originals/prf_ana/med_000001", 0)  # fmt: skip
    assert target.headers == {"Content-Type": "image/jpeg"} and target.expires_at > world.clock.now()
    assert uow.collect_events() == []  # nothing is public or searchable until the upload is processed


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (("prf_ana", "image/gif", 10), UnsupportedMediaType),
        (("prf_ana", "image/jpeg", MAX_UPLOAD_BYTES + 1), MediaTooLarge),
        (("prf_ana", "image/jpeg", 0), InvalidInput),
        (("prf_nobody", "image/jpeg", 10), NotFound),
    ],
)
def test_start_refuses_what_can_never_succeed(world: MediaWorld, command: tuple[str, str, int], error: type) -> None:
    profile_id, content_type, size = command
    with pytest.raises(error):
        start_upload(StartUpload(actor=OPERATOR, profile_id=profile_id, content_type=content_type, size=size),
                     world.uow, world.services, world.clock, world.ids)  # fmt: skip
    assert world.stored_keys() == set()


def test_a_safe_upload_is_approved_with_public_variants_and_no_metadata(world: MediaWorld) -> None:
    uow = world.uow
    asset = world.start(images.jpeg(3000, 2000, orientation=6, gps=True))
    world.store.receive(asset.original_key, images.jpeg(3000, 2000, orientation=6, gps=True))
    done = world.complete(asset.id, uow)
    assert done.status is MediaStatus.APPROVED and done.facts is not None
    assert (done.facts.width, done.facts.height) == (2000, 3000)
    assert [(v.name, v.width, v.height) for v in done.variants] == [
        ("thumb", 213, 320), ("card", 533, 800), ("full", 1365, 2048)]  # fmt: skip
    for variant in done.variants:
        public = world.store.get("public/" + variant.key.removeprefix("variants/"))
        assert images.exif_of(public) == {}
    assert MediaProcessed(asset.id, "prf_ana", "approved") in uow.collect_events()
    shown = public_media("prf_ana", world.uow, world.store)
    assert [m.media_id for m in shown] == [asset.id]
    assert all("/media/prf_ana/" in v.url and "originals" not in v.url for v in shown[0].variants)


@pytest.mark.parametrize(
    ("classification", "status"),
    [(Classification.UNSAFE, MediaStatus.REJECTED), (Classification.NEEDS_REVIEW, MediaStatus.PENDING_REVIEW)],
)
def test_nothing_is_public_unless_classified_safe(world: MediaWorld, classification, status) -> None:
    world.moderator.then(classification)
    done = world.upload(images.jpeg())
    assert done.status is status
    assert not any(key.startswith("public/") for key in world.stored_keys())
    assert public_media("prf_ana", world.uow, world.store) == []
    assert world.store.exists(done.original_key)  # kept private, for staff to review


def test_a_moderator_that_fails_sends_the_image_to_staff(world: MediaWorld) -> None:
    world.moderator.failing = True
    done = world.upload(images.jpeg())
    assert done.status is MediaStatus.PENDING_REVIEW
    assert done.verdict is not None and done.verdict.scores[0][0].startswith("moderator-error")
    assert public_media("prf_ana", world.uow, world.store) == []


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (images.truncated_jpeg(), CorruptImage),
        (images.png_bomb(), TooManyPixels),
        (images.gif(), UnsupportedMediaType),
        (b"\xff\xd8\xff" + b"\x00" * MAX_UPLOAD_BYTES, MediaTooLarge),
    ],
    ids=["truncated", "bomb", "wrong-type", "oversize"],
)
def test_a_bad_file_gets_a_typed_error_and_leaves_nothing_behind(world: MediaWorld, data: bytes, error) -> None:
    asset = world.start(images.jpeg())  # declared as a small JPEG; the bytes that arrive are what count
    world.store.receive(asset.original_key, data)
    uow = world.uow
    with pytest.raises(error):
        world.complete(asset.id, uow)
    assert world.stored_keys() == set()
    with pytest.raises(NotFound):
        world.complete(asset.id)
    assert UploadDiscarded(asset.id, "prf_ana", error.code) in uow.collect_events()


def test_a_png_declared_as_jpeg_is_accepted_as_png(world: MediaWorld) -> None:
    done = world.upload(images.png(), content_type="image/jpeg")
    assert done.status is MediaStatus.APPROVED and done.facts is not None
    assert (done.declared_type, done.facts.content_type) == ("image/jpeg", "image/png")


def test_complete_needs_the_file_and_is_idempotent(world: MediaWorld) -> None:
    asset = world.start(images.jpeg())
    with pytest.raises(UploadMissing):
        world.complete(asset.id)
    world.store.receive(asset.original_key, images.jpeg())
    first = world.complete(asset.id)
    keys = world.stored_keys()
    again = world.complete(asset.id)
    assert again == first and world.stored_keys() == keys and len(world.moderator.seen) == 1


def test_a_store_failure_midway_cleans_up_and_lets_the_client_retry(world: MediaWorld) -> None:
    asset = world.start(images.jpeg())
    world.store.receive(asset.original_key, images.jpeg())
    real_put, calls = world.store.put, []

    def flaky_put(key: str, data: bytes, content_type: str) -> None:
        calls.append(key)
        if len(calls) == 4:
            raise OSError("disk full")
        real_put(key, data, content_type)

    world.store.put = flaky_put  # type: ignore[method-assign]  # our own fake, not a library
    with pytest.raises(OSError, match="disk full"):
        world.complete(asset.id)
    assert world.stored_keys() == {asset.original_key}
    world.store.put = real_put  # type: ignore[method-assign]
    assert world.complete(asset.id).is_public


def test_reprocess_rescues_an_item_stuck_in_processing(world: MediaWorld) -> None:
    asset = world.start(images.jpeg())
    world.store.receive(asset.original_key, images.jpeg())
    with world.uow as uow:  # a worker claimed it and died
        stuck = uow.media.get(asset.id)
        stuck.begin_processing(world.clock.now())
        uow.media.save(stuck, 1)
        uow.commit()
    assert world.complete(asset.id).status is (
        MediaStatus.PROCESSING)  # fmt: skip
    done = world.reprocess(asset.id)
    assert done.status is MediaStatus.APPROVED and done.revision == 1
    again = world.reprocess(asset.id)
    assert again.revision == 2 and again.status is MediaStatus.APPROVED
    assert not any("/r1/" in key for key in world.stored_keys())  # the old revision's files are gone


def test_reprocessing_an_item_never_uploaded_says_so(world: MediaWorld) -> None:
    asset = world.start(images.jpeg())
    with pytest.raises(UploadMissing):
        world.reprocess(asset.id)

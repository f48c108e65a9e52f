"""Uploads a client started and never completed are purged a day after their URL expired, file and item."""

from __future__ import annotations

from datetime import timedelta

from core.media.events import UploadDiscarded
from core.media.model import MediaStatus
from core.media.uploads import UPLOAD_URL_TTL, purge_abandoned_uploads
from tests.unit.media.images import jpeg
from tests.unit.media.media_world import MediaWorld


def test_abandoned_uploads_are_purged_with_their_file_and_nothing_else_is() -> None:
    world = MediaWorld()
    kept = world.upload(jpeg())  # completed: approved or pending review, never purged
    never_sent = world.start(jpeg())  # the client went away before its PUT
    sent_not_completed = world.start(jpeg())  # the PUT arrived, the completion call never did
    world.store.receive(sent_not_completed.original_key, jpeg(), "image/jpeg")
    world.clock.advance(UPLOAD_URL_TTL + timedelta(hours=23))
    assert purge_abandoned_uploads(world.uow, world.store, world.clock) == []  # not yet a day past expiry
    late = world.start(jpeg())  # started just now: its URL is still good
    world.clock.advance(timedelta(hours=1))
    uow = world.uow
    purged = purge_abandoned_uploads(uow, world.store, world.clock)
    assert purged == [never_sent.id, sent_not_completed.id]
    assert sent_not_completed.original_key not in world.store.objects
    assert kept.original_key in world.store.objects
    with world.uow as check:
        assert check.media.get(late.id).status is MediaStatus.UPLOADING
        assert {a.id for a in check.media.of_profile("prf_ana")} == {kept.id, late.id}
    discarded = [e for e in uow.collect_events() if isinstance(e, UploadDiscarded)]
    assert [(e.media_id, e.code) for e in discarded] == [
        (never_sent.id, "abandoned"),
        (sent_not_completed.id, "abandoned"),
    ]
    assert purge_abandoned_uploads(world.uow, world.store, world.clock) == []  # idempotent


def test_an_item_completed_meanwhile_is_not_purged() -> None:
    world = MediaWorld()
    asset = world.start(jpeg())
    world.store.receive(asset.original_key, jpeg(), "image/jpeg")
    world.clock.advance(UPLOAD_URL_TTL + timedelta(days=2))
    completed = world.complete(asset.id)
    assert completed.status is not MediaStatus.UPLOADING
    assert purge_abandoned_uploads(world.uow, world.store, world.clock) == []
    assert asset.original_key in world.store.objects

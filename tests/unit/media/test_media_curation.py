"""Staff review, the owner's crop/order/cover, and the public listing: only approved media ever shows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.media.commands import ReviewMedia
from core.media.curation import review_media
from core.media.errors import MediaStateError, OriginalChanged
from core.media.gallery import MediaGallery
from core.media.model import Classification, CropBox, MediaStatus
from core.media.portfolio import arranged
from core.media.views import owner_media, public_media, review_queue
from core.shared.actor import OPERATOR
from core.shared.errors import InvalidInput, VersionConflict
from tests.contracts.media_repository import asset
from tests.unit.media import images
from tests.unit.media.media_world import MediaWorld


@pytest.fixture
def world() -> MediaWorld:
    return MediaWorld()


def public_keys(world: MediaWorld) -> set[str]:
    return {k for k in world.stored_keys() if k.startswith("public/")}


def review(world: MediaWorld, media_id: str, approve: bool, reason: str = "") -> MediaStatus:
    command = ReviewMedia(actor=OPERATOR, media_id=media_id, approve=approve, staff="kim", reason=reason)
    return review_media(command, world.uow, world.services, world.clock).status


def test_staff_approval_publishes_and_rejection_takes_everything_public_down(world: MediaWorld) -> None:
    world.moderator.then(Classification.NEEDS_REVIEW)
    item = world.upload(images.jpeg())
    assert [a.id for a in review_queue(OPERATOR, 10, world.uow)] == [item.id] and public_keys(world) == set()
    assert review(world, item.id, True) is MediaStatus.APPROVED
    assert len(public_keys(world)) == 3 and review_queue(OPERATOR, 10, world.uow) == []
    assert [m.media_id for m in public_media("prf_ana", world.uow, world.store)] == [item.id]
    with pytest.raises(InvalidInput, match="reason"):
        review(world, item.id, False)
    assert review(world, item.id, False, "not portfolio work") is MediaStatus.REJECTED
    assert public_keys(world) == set() and public_media("prf_ana", world.uow, world.store) == []
    assert owner_media("prf_ana", OPERATOR, world.uow)[0].review.reason == "not portfolio work"  # type: ignore[union-attr]


def test_staff_may_overrule_the_model(world: MediaWorld) -> None:
    world.moderator.then(Classification.UNSAFE)
    item = world.upload(images.jpeg())
    assert review(world, item.id, True) is MediaStatus.APPROVED and len(public_keys(world)) == 3


def test_an_upload_in_flight_cannot_be_reviewed(world: MediaWorld) -> None:
    item = world.start(images.jpeg())
    with pytest.raises(MediaStateError):
        review(world, item.id, True)


def test_a_crop_re_renders_server_side_and_replaces_the_public_files(world: MediaWorld) -> None:
    item = world.upload(images.jpeg(600, 400))
    before = public_keys(world)
    cropped = world.edit(item.id, crop=CropBox(300, 0, 300, 400))
    assert cropped.revision == 2 and cropped.crop == CropBox(300, 0, 300, 400)
    assert [(v.width, v.height) for v in cropped.variants] == [(240, 320), (300, 400), (300, 400)]
    after = public_keys(world)
    assert after.isdisjoint(before) and len(after) == 3
    full = world.store.get(next(k for k in after if k.endswith("full.webp")))
    assert images.pixel(full, 150, 200)[2] > 150  # only the blue right half is left
    with pytest.raises(InvalidInput, match="inside"):
        world.edit(item.id, crop=CropBox(500, 0, 300, 400))


def test_a_crop_of_a_private_item_stays_private(world: MediaWorld) -> None:
    world.moderator.then(Classification.NEEDS_REVIEW)
    item = world.upload(images.jpeg())
    world.edit(item.id, crop=CropBox(0, 0, 100, 100))
    assert public_keys(world) == set()


def test_a_replaced_original_is_never_rendered(world: MediaWorld) -> None:
    item = world.upload(images.jpeg())
    world.store.put(item.original_key, images.png(), "image/png")  # swapped after moderation
    with pytest.raises(OriginalChanged):
        world.edit(item.id, crop=CropBox(0, 0, 100, 100))


def test_order_and_cover_shape_the_public_listing(world: MediaWorld) -> None:
    world.moderator.then(Classification.SAFE, Classification.NEEDS_REVIEW, Classification.SAFE)
    first, hidden, third = (world.upload(images.jpeg()) for _ in range(3))
    world.edit(third.id, position=0)
    assert [a.id for a in owner_media("prf_ana", OPERATOR, world.uow)] == [third.id, first.id, hidden.id]
    world.edit(first.id, is_cover=True)
    assert [m.media_id for m in public_media("prf_ana", world.uow, world.store)] == [first.id, third.id]
    world.edit(hidden.id, is_cover=True)
    shown = public_media("prf_ana", world.uow, world.store)
    assert [m.media_id for m in shown] == [third.id, first.id]  # an unapproved cover is simply not shown
    gallery = MediaGallery(lambda: world.uow, world.store).approved_items("prf_ana")
    assert [i.url for i in gallery] == [m.variant("card").url for m in shown]  # type: ignore[union-attr]


def test_a_stale_crop_loses_to_a_staff_decision(world: MediaWorld) -> None:
    item = world.upload(images.jpeg())
    real_render = world.processor.render

    def render_then_staff_decides(*args, **kwargs):
        rendered = real_render(*args, **kwargs)
        review(world, item.id, False, "taken down meanwhile")
        return rendered

    world.processor.render = render_then_staff_decides  # type: ignore[method-assign]  # our own adapter
    with pytest.raises(VersionConflict):
        world.edit(item.id, crop=CropBox(0, 0, 100, 100))
    assert public_keys(world) == set()


@settings(max_examples=200, deadline=None)
@given(
    positions=st.lists(st.integers(0, 20), min_size=1, max_size=8, unique=True),
    pick=st.integers(0, 7),
    to=st.one_of(st.none(), st.integers(-3, 12)),
    cover=st.one_of(st.none(), st.booleans()),
)
def test_arranging_keeps_positions_dense_and_at_most_one_cover(positions, pick, to, cover) -> None:
    assets = [asset(n, position=p) for n, p in enumerate(positions, start=1)]
    moved = assets[pick % len(assets)].id
    placement = arranged(assets, moved, to, cover)
    assert sorted(p for p, _ in placement.values()) == list(range(len(assets)))
    assert sum(c for _, c in placement.values()) <= 1
    if cover is True:
        assert placement[moved][1]
    if to is not None:
        assert placement[moved][0] == max(0, min(to, len(assets) - 1))
    others = [a.id for a in sorted(assets, key=lambda a: (a.position, a.id)) if a.id != moved]
    assert sorted(others, key=lambda i: placement[i][0]) == others  # everyone else keeps their order

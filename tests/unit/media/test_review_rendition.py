"""The rendition staff judge a queued image by: the smallest variant big enough to judge (the card of a large image,
the whole of a small one), read from the private area of the store; staff only, and only while the item waits for
a person (approved, rejected, unknown and unstored alike are ``NotFound``)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from adapters.memory.moderation import ScriptedModerator
from core.media.commands import ReviewMedia
from core.media.curation import review_media
from core.media.keys import ORIGINALS_PREFIX, PUBLIC_PREFIX
from core.media.model import Classification
from core.media.views import PREVIEW_EDGE, preview_variant, review_rendition
from core.shared.actor import ANONYMOUS, Actor, StaffOnly
from core.shared.errors import NotFound
from tests.unit.media import images
from tests.unit.media.media_world import MediaWorld

STAFF, OWNER = Actor("usr_kim", ("support",)), Actor("usr_ana")


@pytest.fixture
def world() -> MediaWorld:
    """Every upload is left to a person."""
    return MediaWorld(moderator=ScriptedModerator(Classification.NEEDS_REVIEW))


def test_staff_get_the_card_of_a_large_image_waiting_for_review(world: MediaWorld) -> None:
    item = world.upload(images.jpeg(1600, 1000))
    shown = review_rendition(STAFF, item.id, world.uow, world.store)
    variant = preview_variant(item)
    assert variant is not None and variant.name == "card"
    assert not variant.key.startswith((ORIGINALS_PREFIX, PUBLIC_PREFIX))
    image = Image.open(io.BytesIO(shown.data))
    assert image.size == (800, 500) and shown.content_type == variant.content_type
    assert f"image/{image.format.lower()}" == shown.content_type


def test_a_small_image_is_shown_whole(world: MediaWorld) -> None:
    item = world.upload(images.png(300, 200))
    variant = preview_variant(item)
    assert variant is not None and max(variant.width, variant.height) < PREVIEW_EDGE
    assert Image.open(io.BytesIO(review_rendition(STAFF, item.id, world.uow, world.store).data)).size == (300, 200)


def test_only_staff_and_only_while_it_waits(world: MediaWorld) -> None:
    item = world.upload(images.jpeg(1200, 800))
    for someone in (OWNER, ANONYMOUS):
        with pytest.raises(StaffOnly):
            review_rendition(someone, item.id, world.uow, world.store)
    with pytest.raises(NotFound):
        review_rendition(STAFF, "med_nope", world.uow, world.store)
    review_media(ReviewMedia(actor=STAFF, media_id=item.id, approve=True), world.uow, world.services, world.clock)
    with pytest.raises(NotFound):  # approved: its public copies are what anyone sees
        review_rendition(STAFF, item.id, world.uow, world.store)
    gone = world.upload(images.jpeg(1200, 800))
    variant = preview_variant(gone)
    assert variant is not None
    world.store.delete(variant.key)
    with pytest.raises(NotFound) as missing:
        review_rendition(STAFF, gone.id, world.uow, world.store)
    assert (missing.value.kind, missing.value.key) == ("media", gone.id)  # the private key is not named

"""Who may change a portfolio: its owner and the operator. Anyone else (a stranger, staff, the anonymous caller)
gets the 404 an unknown id gets, naming the media item and never its profile, and nothing is written. Reviews are
staff decisions, recorded under the deciding staff member's user id."""

from __future__ import annotations

import pytest

from core.media.commands import ReviewMedia, StartUpload
from core.media.curation import review_media
from core.media.model import Classification, MediaStatus
from core.media.on_commands import COMMANDS
from core.media.ports import MediaUnitOfWork
from core.media.rendering import MediaServices
from core.media.views import owner_media, review_queue
from core.shared.actor import ANONYMOUS, OPERATOR, Actor, StaffOnly
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import CommandBus
from core.shared.errors import NotFound
from tests.unit.media import images
from tests.unit.media.media_world import MediaWorld

OWNER, STRANGER, STAFF = Actor("usr_ana"), Actor("usr_eve"), Actor("usr_kim", ("support",))
SOMEONE_ELSE = (STRANGER, STAFF, ANONYMOUS)
MINE = "prf_owned"


@pytest.fixture
def world() -> MediaWorld:
    world = MediaWorld()
    world.add_profile(MINE, owner_user_id=OWNER.user_id)
    return world


def _refusal(error: pytest.ExceptionInfo[NotFound]) -> tuple[str, str]:
    return error.value.kind, error.value.key


def test_only_the_owner_or_the_operator_starts_an_upload_and_reads_the_private_list(world: MediaWorld) -> None:
    with pytest.raises(NotFound) as unknown:
        world.start(images.jpeg(), profile_id="prf_nobody", actor=OWNER)
    for someone in SOMEONE_ELSE:
        with pytest.raises(NotFound) as refused:
            world.start(images.jpeg(), profile_id=MINE, actor=someone)
        assert _refusal(refused) == ("profile", MINE) and _refusal(unknown) == ("profile", "prf_nobody")
        with pytest.raises(NotFound):  # before it says anything about the file
            world.start(images.gif(), "image/gif", MINE, someone)
        with pytest.raises(NotFound) as hidden:
            owner_media(MINE, someone, world.uow)
        assert _refusal(hidden) == ("profile", MINE)
    assert owner_media(MINE, OPERATOR, world.uow) == [] and world.stored_keys() == set()
    mine = world.start(images.jpeg(), profile_id=MINE, actor=OWNER)
    operators = world.start(images.jpeg(), profile_id=MINE)
    assert [a.id for a in owner_media(MINE, OWNER, world.uow)] == [mine.id, operators.id]


def test_someone_elses_item_is_a_404_naming_only_the_item_and_stays_as_it_was(world: MediaWorld) -> None:
    first = world.upload(images.jpeg(), profile_id=MINE)
    waiting = world.start(images.jpeg(), profile_id=MINE, actor=OWNER)
    world.store.receive(waiting.original_key, images.jpeg())
    for someone in SOMEONE_ELSE:  # each refusal is what an unknown id gets: it names the item, never the profile
        with pytest.raises(NotFound) as refused:
            world.complete(waiting.id, actor=someone)
        assert _refusal(refused) == ("media", waiting.id)
        with pytest.raises(NotFound) as refused:
            world.edit(first.id, someone, is_cover=True)
        assert _refusal(refused) == ("media", first.id)
        with pytest.raises(NotFound) as refused:
            world.reprocess(first.id, someone)
        assert _refusal(refused) == ("media", first.id)
    with pytest.raises(NotFound) as unknown:
        world.complete("med_nope", actor=OWNER)
    assert _refusal(unknown) == ("media", "med_nope")
    stored = {a.id: a for a in owner_media(MINE, OPERATOR, world.uow)}
    assert stored[waiting.id].status is MediaStatus.UPLOADING and not stored[first.id].is_cover
    assert stored[first.id].revision == 1 and len(world.moderator.seen) == 1  # nothing was processed again

    assert world.complete(waiting.id, actor=OWNER).status is MediaStatus.APPROVED
    assert world.edit(first.id, OWNER, is_cover=True).is_cover
    assert world.reprocess(first.id, OPERATOR).revision == 2


def test_reviews_are_staff_decisions_recorded_under_the_deciders_user_id(world: MediaWorld) -> None:
    world.moderator.default = Classification.NEEDS_REVIEW
    item = world.upload(images.jpeg(), profile_id=MINE)
    for someone in (OWNER, STRANGER, ANONYMOUS):
        for media_id in (item.id, "med_nope"):  # refused whatever the id: no 404 tells a non-staff caller anything
            with pytest.raises(StaffOnly):
                review_media(ReviewMedia(actor=someone, media_id=media_id, approve=True), world.uow, world.services,
                             world.clock)  # fmt: skip
        with pytest.raises(StaffOnly):
            review_queue(someone, 10, world.uow)
    assert [a.id for a in review_queue(STAFF, 10, world.uow)] == [item.id]
    named = ReviewMedia(actor=STAFF, media_id=item.id, approve=True, staff="mallory")  # the session's id wins
    decided = review_media(named, world.uow, world.services, world.clock)
    assert decided.status is MediaStatus.APPROVED and decided.review is not None and decided.review.staff == "usr_kim"
    by_operator = ReviewMedia(actor=OPERATOR, media_id=item.id, approve=False, reason="blurry", staff="kim")
    rejected = review_media(by_operator, world.uow, world.services, world.clock)
    assert rejected.review is not None and rejected.review.staff == "kim"  # the operator names who decides


def test_the_bus_hands_media_commands_their_ports_by_type(world: MediaWorld) -> None:
    provide = {
        MediaUnitOfWork: lambda: world.uow,
        MediaServices: lambda: world.services,
        Clock: lambda: world.clock,
        IdGenerator: lambda: world.ids,
    }
    bus = CommandBus(COMMANDS, provide)
    asset, target = bus.handle(StartUpload(actor=OWNER, profile_id=MINE, content_type="image/jpeg", size=10))
    assert asset.profile_id == MINE and target.headers == {"Content-Type": "image/jpeg"}
    with pytest.raises(NotFound):
        bus.handle(StartUpload(actor=STRANGER, profile_id=MINE, content_type="image/jpeg", size=10))

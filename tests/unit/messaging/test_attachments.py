"""Attachments on in-memory adapters: the media pipeline renders them privately, a refused upload or post leaves
nothing, only the uploader's unposted attachments go with a message, and only approved ones are ever opened."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory.media import InMemoryObjectStore
from core.media.errors import CorruptImage, MediaTooLarge, StorageUnavailable, UnsupportedMediaType
from core.media.model import Classification
from core.messaging.attachments import ATTACHMENTS_PREFIX, Attachment, AttachmentRules, AttachmentStatus
from core.messaging.commands import OpenAttachment, PostMessage, ReviewAttachment, UploadAttachment
from core.messaging.errors import AttachmentInUse
from core.shared.actor import Actor, StaffOnly
from core.shared.errors import InvalidInput, NotFound
from tests.unit.media import images
from tests.unit.messaging.messaging_world import World

ANA, BO, EVE = "usr_ana", "usr_bo", "usr_eve"
STAFF = Actor("usr_kim", staff_roles=("support",))


def upload(world: World, who: str = ANA, data: bytes | None = None, content_type: str = "image/jpeg") -> Attachment:
    command = UploadAttachment(actor=Actor(who), content_type=content_type, data=data or images.jpeg())
    return world.bus.handle(command)


def thread_of(world: World) -> str:
    return world.start(ANA, BO, "Hi Bo").thread.id


def post(world: World, thread: str, ids: tuple[str, ...], who: str = ANA, cid: str = "c1") -> object:
    command = PostMessage(actor=Actor(who), thread_id=thread, body="look", client_message_id=cid, attachment_ids=ids)
    return world.bus.handle(command)


def test_an_upload_is_rendered_privately_without_keeping_the_original() -> None:
    world = World()
    attachment = upload(world)
    assert attachment.status is AttachmentStatus.APPROVED and {v.name for v in attachment.variants} == {
        "thumb",
        "card",
        "full",
    }
    assert world.store.objects and all(key.startswith(ATTACHMENTS_PREFIX) for key in world.store.objects)
    assert images.jpeg() not in [data for data, _ in world.store.objects.values()]


def test_a_wrong_type_stores_nothing() -> None:
    world = World()
    with pytest.raises(UnsupportedMediaType):
        upload(world, data=b"%PDF-1.7\n%%EOF\n", content_type="image/jpeg")
    with pytest.raises(UnsupportedMediaType):  # the bytes decide: a PNG announced as a PDF
        upload(world, data=images.png(), content_type="application/pdf")
    assert world.store.objects == {}
    with world.new_uow().reading() as uow:
        assert uow.attachments.in_status(AttachmentStatus.APPROVED, 10) == []


class FailsAfterOnePut(InMemoryObjectStore):
    def put(self, key: str, data: bytes, content_type: str) -> None:
        if self.objects:
            raise StorageUnavailable("put", "down")
        super().put(key, data, content_type)


def test_a_store_failing_midway_leaves_no_rendition() -> None:
    world = World(store=FailsAfterOnePut())
    with pytest.raises(StorageUnavailable):
        upload(world)
    assert world.store.objects == {}


def test_staff_decide_on_a_quarantined_attachment_and_only_approved_ones_open() -> None:
    world = World()
    world.moderator.then(Classification.NEEDS_REVIEW)
    thread = thread_of(world)
    attachment = upload(world)
    post(world, thread, (attachment.id,))
    opening = OpenAttachment(actor=Actor(BO), attachment_id=attachment.id, variant="card")
    with pytest.raises(NotFound):
        world.bus.handle(opening)
    with pytest.raises(StaffOnly):
        world.bus.handle(ReviewAttachment(actor=Actor(BO), attachment_id=attachment.id, approve=True))
    world.bus.handle(ReviewAttachment(actor=STAFF, attachment_id=attachment.id, approve=True))
    assert world.bus.handle(opening).content_type == "image/webp"
    with pytest.raises(NotFound):
        world.bus.handle(OpenAttachment(actor=Actor(EVE), attachment_id=attachment.id, variant="card"))
    world.bus.handle(OpenAttachment(actor=STAFF, attachment_id=attachment.id, variant="card"))
    with world.new_uow().reading() as uow:
        assert [e.action for e in uow.staff_desk.audit_trail(thread)] == ["attachment-approve", "attachment-read"]


def test_a_rejected_or_posted_attachment_cannot_go_with_another_message() -> None:
    world = World()
    world.moderator.then(Classification.UNSAFE)
    thread = thread_of(world)
    unsafe, fine = upload(world), upload(world)
    with pytest.raises(InvalidInput):
        post(world, thread, (unsafe.id,))
    post(world, thread, (fine.id,), cid="c2")
    with pytest.raises(AttachmentInUse):
        post(world, thread, (fine.id,), cid="c3")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["mine", "theirs", "unknown"]), min_size=1, max_size=4))
def test_a_post_naming_any_attachment_not_the_senders_stores_nothing(kinds: list[str]) -> None:
    world = World()
    thread = thread_of(world)
    mine, theirs = upload(world), upload(world, BO)
    ids = {"mine": mine.id, "theirs": theirs.id, "unknown": "att_unknown"}
    named = tuple(dict.fromkeys(ids[k] for k in kinds))
    if named == (mine.id,):
        post(world, thread, named)
        return
    with pytest.raises((NotFound, InvalidInput)):
        post(world, thread, named)
    with world.new_uow().reading() as uow:
        assert len(uow.messages.page(thread, None, 10)) == 1  # only the first message
        assert uow.attachments.get(mine.id).message_id is None


PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_pdf_is_kept_privately_as_sent_and_held_for_staff_then_opened_as_a_download() -> None:
    world = World()
    thread = thread_of(world)
    pdf = upload(world, data=PDF_BYTES, content_type="application/pdf")
    assert pdf.status is AttachmentStatus.PENDING_REVIEW and pdf.is_document  # never image-moderated
    assert [(key.startswith(ATTACHMENTS_PREFIX), data) for key, (data, _) in world.store.objects.items()] == [
        (True, PDF_BYTES)
    ]
    post(world, thread, (pdf.id,))
    opening = OpenAttachment(actor=Actor(BO), attachment_id=pdf.id, variant="document")
    with pytest.raises(NotFound):
        world.bus.handle(opening)
    world.bus.handle(ReviewAttachment(actor=STAFF, attachment_id=pdf.id, approve=True))
    opened = world.bus.handle(opening)
    assert (opened.data, opened.content_type, opened.download) == (PDF_BYTES, "application/pdf", True)
    with pytest.raises(NotFound):
        world.bus.handle(OpenAttachment(actor=Actor(EVE), attachment_id=pdf.id, variant="document"))


@pytest.mark.parametrize(
    ("data", "content_type", "error"),
    [
        (b"<html>not a pdf</html>", "application/pdf", UnsupportedMediaType),  # claims PDF, is not
        (PDF_BYTES, "image/png", UnsupportedMediaType),  # a PDF must be announced as one
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "application/pdf", CorruptImage),  # truncated: no %%EOF trailer
        (PDF_BYTES + b"x" * 100, "application/pdf", MediaTooLarge),  # over the PDF cap
        (b"hello", "text/plain", UnsupportedMediaType),
    ],
)
def test_a_bad_pdf_or_another_type_stores_nothing(data: bytes, content_type: str, error: type[Exception]) -> None:
    world = World(attachment_rules=AttachmentRules(pdf_max_bytes=len(PDF_BYTES) + 50))
    with pytest.raises(error):
        upload(world, data=data, content_type=content_type)
    assert world.store.objects == {}
    with world.new_uow().reading() as uow:
        assert uow.attachments.in_status(AttachmentStatus.PENDING_REVIEW, 10) == []


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=1, max_size=200))
def test_bytes_without_the_pdf_magic_are_never_stored_as_a_pdf(data: bytes) -> None:
    world = World()
    if data.startswith(b"%PDF-"):
        return
    with pytest.raises(UnsupportedMediaType):
        upload(world, data=data, content_type="application/pdf")
    assert world.store.objects == {}

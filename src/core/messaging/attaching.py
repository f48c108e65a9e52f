"""Attachment handlers: upload (checked, rendered, moderated; all or nothing), post with a message, staff review,
and the one way to see a rendition (``open_attachment``): approved only, to the thread's parties and the uploader;
staff leave an audit entry; anyone else is told it does not exist."""

from __future__ import annotations

from collections.abc import Sequence

from core.media.errors import MediaTooLarge, UnsupportedMediaType
from core.media.keys import VARIANT_SPECS
from core.media.model import Variant
from core.media.rendering import MediaServices, delete_quietly, moderate
from core.messaging.access import STAFF_ROLES, Access, access_to, signed_in
from core.messaging.attachments import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    Attachment,
    AttachmentStatus,
    attachment_key,
)
from core.messaging.commands import AttachmentFile, OpenAttachment, ReviewAttachment, UploadAttachment
from core.messaging.model import Message
from core.messaging.ports import AuditEntry, MessagingUnitOfWork
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound


def upload_attachment(
    command: UploadAttachment, uow: MessagingUnitOfWork, services: MediaServices, clock: Clock, ids: IdGenerator
) -> Attachment:
    """Inspect the bytes (the type by magic bytes; the announced one must be accepted too), render every size
    without metadata, moderate, store the renditions privately and record the attachment. ``UnsupportedMediaType``
    (a PDF, or anything not an accepted image), ``MediaTooLarge``, ``TooManyPixels``, ``CorruptImage`` and
    ``InvalidInput`` (empty) leave nothing stored; so does any failure after the first rendition was written."""
    owner = signed_in(command.actor)
    accepted = services.processor.accepted_types
    if command.content_type not in accepted:
        raise UnsupportedMediaType(command.content_type, accepted)
    if not command.data:
        raise InvalidInput("body", "the image's bytes are missing")
    if len(command.data) > MAX_ATTACHMENT_BYTES:
        raise MediaTooLarge(len(command.data), MAX_ATTACHMENT_BYTES)
    facts = services.processor.inspect(command.data)
    rendered = services.processor.render(command.data, VARIANT_SPECS, None)
    verdict = moderate(services.moderator, rendered)
    attachment_id, written = ids.new_id("att"), list[str]()
    try:
        variants = []
        for image in rendered:
            key = attachment_key(owner, attachment_id, image.name, image.extension)
            services.store.put(key, image.data, image.content_type)
            written.append(key)
            variants.append(Variant(image.name, key, image.width, image.height, image.content_type, len(image.data)))
        attachment = Attachment.moderated(
            attachment_id=attachment_id, owner_id=owner, content_type=facts.content_type,
            size=(facts.width, facts.height), variants=tuple(variants), verdict=verdict, now=clock.now(),
        )  # fmt: skip
        with uow:
            uow.attachments.add(attachment)
            uow.commit()
    except BaseException:
        delete_quietly(services.store, written)
        raise
    return attachment


def attach_all(uow: MessagingUnitOfWork, attachment_ids: Sequence[str], message: Message) -> list[Attachment]:
    """Bind the sender's attachments to ``message`` inside its unit of work (so a refusal stores nothing): at most
    ``MAX_ATTACHMENTS``, each once, each the sender's own (``NotFound`` otherwise), unposted (``AttachmentInUse``)
    and not rejected by moderation (``InvalidInput``)."""
    if len(attachment_ids) > MAX_ATTACHMENTS or len(set(attachment_ids)) != len(attachment_ids):
        raise InvalidInput("attachmentIds", f"at most {MAX_ATTACHMENTS} distinct attachments")
    sender = message.sender_id or ""
    attached = []
    for attachment_id in attachment_ids:
        attachment = uow.attachments.attach(attachment_id, sender, message.id, message.thread_id)
        if attachment.status is AttachmentStatus.REJECTED:
            raise InvalidInput("attachmentIds", f"attachment {attachment_id!r} was refused by moderation")
        attached.append(attachment)
    return attached


def review_attachment(
    command: ReviewAttachment, uow: MessagingUnitOfWork, clock: Clock, ids: IdGenerator
) -> Attachment:
    """A staff decision on an attachment (``StaffOnly`` for anyone else), with an audit entry."""
    staff = require_staff(command.actor, *STAFF_ROLES)
    status = AttachmentStatus.APPROVED if command.approve else AttachmentStatus.REJECTED
    with uow:
        attachment = uow.attachments.set_status(command.attachment_id, status)
        _audit(uow, staff, attachment, f"attachment-{'approve' if command.approve else 'reject'}", clock, ids)
        uow.commit()
    return attachment


def open_attachment(
    command: OpenAttachment, uow: MessagingUnitOfWork, services: MediaServices, clock: Clock, ids: IdGenerator
) -> AttachmentFile:
    """The bytes of one rendition of an approved attachment. The uploader and the parties of the thread it was
    posted in may see it; staff too, with an audit entry; anyone else, and any rendition not approved (quarantined
    or rejected), gets ``NotFound`` naming the attachment only."""
    missing = NotFound("attachment", command.attachment_id)
    with uow.reading():
        try:
            attachment = uow.attachments.get(command.attachment_id)
        except NotFound:
            raise missing from None
        access = _access(uow, attachment, command.actor)
    variant = attachment.variant(command.variant)
    if access is None or not attachment.shown or variant is None:
        raise missing
    if access is Access.STAFF:  # committed before staff see the image
        with uow:
            _audit(uow, command.actor, attachment, "attachment-read", clock, ids)
            uow.commit()
    return AttachmentFile(services.store.get(variant.key), variant.content_type)


def _access(uow: MessagingUnitOfWork, attachment: Attachment, actor: Actor) -> Access | None:
    if actor.user_id is not None and actor.user_id == attachment.owner_id:
        return Access.PARTY
    if attachment.thread_id is None:
        return Access.STAFF if actor.is_operator or set(actor.staff_roles) & set(STAFF_ROLES) else None
    try:
        return access_to(uow.threads.get(attachment.thread_id), actor)
    except NotFound:
        return None


def _audit(uow: MessagingUnitOfWork, staff: Actor, attachment: Attachment, action: str, clock: Clock,
           ids: IdGenerator) -> None:  # fmt: skip
    uow.staff_desk.audit(AuditEntry(id=ids.new_id("aud"), staff_user_id=staff.user_id or "operator",
                                    thread_id=attachment.thread_id or "", action=action, at=clock.now()))  # fmt: skip


def quarantined(actor: Actor, limit: int, uow: MessagingUnitOfWork) -> Sequence[Attachment]:
    """Attachments waiting for a person, oldest first. Staff only (``StaffOnly`` for anyone else)."""
    require_staff(actor, *STAFF_ROLES)
    with uow.reading():
        return uow.attachments.in_status(AttachmentStatus.PENDING_REVIEW, limit)

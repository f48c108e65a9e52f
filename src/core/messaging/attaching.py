"""Attachment handlers: upload (an image checked, rendered, moderated; a PDF checked and held; all or nothing),
post with a message, staff review, and the one way to see a rendition (``open_attachment``): approved only, to the
thread's parties and the uploader; staff leave an audit entry; anyone else is told it does not exist."""

from __future__ import annotations

from collections.abc import Sequence

from core.media.errors import CorruptImage, MediaTooLarge, UnsupportedMediaType
from core.media.keys import VARIANT_SPECS
from core.media.model import Variant
from core.media.rendering import MediaServices, delete_quietly, moderate
from core.messaging.access import STAFF_ROLES, Access, access_to, signed_in
from core.messaging.attachments import (
    DOCUMENT_TYPES,
    DOCUMENT_VARIANT,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    PDF,
    Attachment,
    AttachmentRules,
    AttachmentStatus,
    attachment_key,
    has_pdf_trailer,
    looks_like_pdf,
)
from core.messaging.commands import AttachmentFile, OpenAttachment, ReviewAttachment, UploadAttachment
from core.messaging.model import Message
from core.messaging.ports import AuditEntry, MessagingUnitOfWork
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound


def upload_attachment(
    command: UploadAttachment, uow: MessagingUnitOfWork, services: MediaServices, rules: AttachmentRules,
    clock: Clock, ids: IdGenerator,
) -> Attachment:  # fmt: skip
    """Inspect the bytes (the type by magic bytes; the announced one must be on the allow-list too). An image is
    rendered at every size without metadata and moderated; a PDF is kept as sent and held for staff review.
    ``UnsupportedMediaType`` (a type off the allow-list, a PDF announced as something else, a "PDF" without the
    ``%PDF-`` magic), ``MediaTooLarge`` (each kind its own cap), ``TooManyPixels``, ``CorruptImage`` (also a PDF
    without its ``%%EOF`` trailer) and ``InvalidInput`` (empty) leave nothing stored; so does any failure after
    the first file was written."""
    owner = signed_in(command.actor)
    accepted = (*services.processor.accepted_types, *DOCUMENT_TYPES)
    if command.content_type not in accepted:
        raise UnsupportedMediaType(command.content_type, accepted)
    if not command.data:
        raise InvalidInput("body", "the file's bytes are missing")
    if command.content_type == PDF or looks_like_pdf(command.data):
        return _upload_pdf(command, owner, accepted, uow, services, rules, clock, ids)
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
        _record(uow, attachment)
    except BaseException:
        delete_quietly(services.store, written)
        raise
    return attachment


def _upload_pdf(
    command: UploadAttachment, owner: str, accepted: tuple[str, ...], uow: MessagingUnitOfWork,
    services: MediaServices, rules: AttachmentRules, clock: Clock, ids: IdGenerator,
) -> Attachment:  # fmt: skip
    """The bytes decide: a PDF is announced as one, starts with ``%PDF-``, fits its cap and ends in ``%%EOF``."""
    data = command.data
    if not looks_like_pdf(data):
        raise UnsupportedMediaType(f"{command.content_type} without the %PDF- magic", accepted)
    if command.content_type != PDF:
        raise UnsupportedMediaType(f"{PDF} sent as {command.content_type}", accepted)
    if len(data) > rules.pdf_max_bytes:
        raise MediaTooLarge(len(data), rules.pdf_max_bytes)
    if not has_pdf_trailer(data):
        raise CorruptImage("the PDF has no %%EOF trailer (truncated)")
    attachment_id = ids.new_id("att")
    key = attachment_key(owner, attachment_id, DOCUMENT_VARIANT, "pdf")
    services.store.put(key, data, PDF)
    try:
        attachment = Attachment.held_document(attachment_id=attachment_id, owner_id=owner, content_type=PDF,
                                              variant=Variant(DOCUMENT_VARIANT, key, 0, 0, PDF, len(data)),
                                              now=clock.now())  # fmt: skip
        _record(uow, attachment)
    except BaseException:
        delete_quietly(services.store, [key])
        raise
    return attachment


def _record(uow: MessagingUnitOfWork, attachment: Attachment) -> None:
    with uow:
        uow.attachments.add(attachment)
        uow.commit()


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
    return AttachmentFile(services.store.get(variant.key), variant.content_type, download=attachment.is_document)


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

"""Messaging request and response bodies: the inbox (``{threads: [{id, ...}], next_cursor}``, as the plan's
load script reads it), a thread's page, a posted message."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from core.messaging.attachments import Attachment
from core.messaging.commands import InboxPage, Posted, ThreadPage
from core.messaging.model import Message, Thread, ThreadStatus
from core.messaging.unread_notices import NoticePreferences
from entrypoints.shapes.bounds import Prose, Reason


@attrs.frozen
class PostIn:
    body: Prose  # the core takes 1..5,000 characters
    clientMessageId: str  # the client's own id for this message: a retry with it posts nothing new
    attachmentIds: list[str] = attrs.field(factory=list)  # at most 4 of the sender's uploaded attachments


@attrs.frozen
class StartIn:
    body: Prose
    clientMessageId: str
    recipientUserId: str | None = None  # one of the two
    recipientProfileId: str | None = None
    attachmentIds: list[str] = attrs.field(factory=list)  # at most 4 of the sender's uploaded attachments


@attrs.frozen
class ReportIn:
    reason: Reason
    messageIds: list[str] = attrs.field(factory=list)  # the other party's messages in question; none: their last


@attrs.frozen
class ThreadOut:
    id: str
    kind: str
    status: str
    bookingId: str | None
    otherPartyId: str | None  # None for staff, who see both parties
    parties: list[str]
    unread: int
    archived: bool
    muted: bool
    isRequest: bool  # a request waiting for this reader's answer
    blockedByMe: bool
    lastMessageAt: str
    preview: str

    @classmethod
    def of(cls, thread: Thread, reader: str | None) -> ThreadOut:
        party = reader in thread.parties
        seat = thread.seat(reader) if party and reader else None
        other = thread.other(reader).user_id if party and reader else None
        return cls(
            id=thread.id, kind=thread.kind.value, status=thread.status.value, bookingId=thread.booking_id,
            otherPartyId=other, parties=list(thread.parties), unread=seat.unread if seat else 0,
            archived=bool(seat and seat.archived), muted=bool(seat and seat.muted),
            isRequest=thread.status is ThreadStatus.REQUEST and seat is thread.recipient,
            blockedByMe=thread.blocked_by is not None and thread.blocked_by == reader,
            lastMessageAt=thread.last_message_at.isoformat(), preview=thread.preview,
        )  # fmt: skip


@attrs.frozen
class AttachmentVariantOut:
    name: str  # thumb (320 px long edge), card (800), full (2048)
    url: str  # served to the thread's parties only, never a public or original URL
    width: int
    height: int


@attrs.frozen
class AttachmentOut:
    id: str
    status: str  # pending_review (quarantined) | approved | rejected; only an approved one has variants
    width: int
    height: int
    variants: list[AttachmentVariantOut]

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        shown = attachment.variants if attachment.shown else ()
        variants = [AttachmentVariantOut(v.name, f"/api/messages/attachments/{attachment.id}/{v.name}", v.width,
                                         v.height) for v in shown]  # fmt: skip
        return cls(attachment.id, attachment.status.value, attachment.width, attachment.height, variants)


@attrs.frozen
class AttachmentQueueOut:
    attachments: list[AttachmentOut]


@attrs.frozen
class MessageOut:
    id: str
    senderId: str | None  # None: a system event of the booking
    body: str  # what this reader sees: contact details masked for the recipient
    sentAt: str
    clientMessageId: str | None
    screening: str  # deliver | nudge | mask | hold
    held: bool
    attachments: list[AttachmentOut]

    @classmethod
    def of(cls, message: Message, reader: str | None, attachments: Sequence[Attachment] = ()) -> MessageOut:
        own = reader is not None and reader == message.sender_id
        return cls(
            id=message.id, senderId=message.sender_id, body=message.seen_by(reader),
            sentAt=message.sent_at.isoformat(), clientMessageId=message.client_message_id if own else None,
            screening=message.action.value, held=message.held, attachments=[AttachmentOut.of(a) for a in attachments],
        )  # fmt: skip


@attrs.frozen
class InboxOut:
    threads: list[ThreadOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: InboxPage, reader: str) -> InboxOut:
        return cls([ThreadOut.of(t, reader) for t in page.threads], page.next_cursor)


@attrs.frozen
class ThreadPageOut:
    thread: ThreadOut
    messages: list[MessageOut]
    nextBefore: str | None

    @classmethod
    def of(cls, page: ThreadPage, reader: str | None) -> ThreadPageOut:
        messages = [MessageOut.of(m, reader, page.attachments.get(m.id, ())) for m in page.messages]
        return cls(ThreadOut.of(page.thread, reader), messages, page.next_before)


@attrs.frozen
class PostedOut:
    thread: ThreadOut
    message: MessageOut
    reminder: str | None  # what the sender is told when the screen found contact or payment talk
    replayed: bool

    @classmethod
    def of(cls, posted: Posted, reader: str) -> PostedOut:
        message = MessageOut.of(posted.message, reader, posted.attachments)
        return cls(ThreadOut.of(posted.thread, reader), message, posted.reminder, posted.replayed)


@attrs.frozen
class NoticePreferencesIn:
    emailConsent: bool  # unread-message emails (on by default)
    timeZone: str = "UTC"  # an IANA zone: the quiet hours are in it
    quietStartMinute: int = 22 * 60  # minutes of the day; the quiet hours may span midnight, equal means none
    quietEndMinute: int = 8 * 60


@attrs.frozen
class NoticePreferencesOut:
    emailConsent: bool
    timeZone: str
    quietStartMinute: int
    quietEndMinute: int

    @classmethod
    def of(cls, preferences: NoticePreferences) -> NoticePreferencesOut:
        return cls(preferences.email_consent, preferences.time_zone, preferences.quiet_start_minute,
                   preferences.quiet_end_minute)  # fmt: skip

"""Messaging commands: imperative, each carrying who acts (an ``Actor``), and what their handlers answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from core.messaging.attachments import Attachment
from core.messaging.circumvention import Action
from core.messaging.model import Folder, Message, Thread
from core.messaging.unread_notices import NoticePreferences
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen
class Posted:
    """A posted message, and what its sender is told (``reminder``); ``replayed`` for a retried client id."""

    thread: Thread
    message: Message
    reminder: str | None
    replayed: bool = False
    attachments: Sequence[Attachment] = ()

    @property
    def action(self) -> Action:
        return self.message.action


@attrs.frozen
class ThreadPage:
    """A thread as its reader sees it: newest messages first, and the id to ask ``before`` for older ones."""

    thread: Thread
    messages: Sequence[Message]
    next_before: str | None
    attachments: Mapping[str, Sequence[Attachment]] = attrs.field(factory=dict)  # by message id


@attrs.frozen
class InboxPage:
    threads: Sequence[Thread]
    next_cursor: str | None


@attrs.frozen(kw_only=True)
class StartInquiry(Command[Posted]):
    """Write to a user (``recipient_user_id``) or to the owner of a profile (``recipient_profile_id``)."""

    actor: Actor
    body: str
    client_message_id: str
    recipient_user_id: str | None = None
    recipient_profile_id: str | None = None
    attachment_ids: tuple[str, ...] = ()  # the sender's uploaded, not yet posted attachments


@attrs.frozen(kw_only=True)
class PostMessage(Command[Posted]):
    actor: Actor
    thread_id: str
    body: str
    client_message_id: str
    attachment_ids: tuple[str, ...] = ()  # the sender's uploaded, not yet posted attachments


@attrs.frozen(kw_only=True)
class ViewThread(Command[ThreadPage]):
    """Read a thread (staff too, with an audit entry); ``before`` a message id for older pages."""

    actor: Actor
    thread_id: str
    before: str | None = None
    limit: int = 50


@attrs.frozen(kw_only=True)
class ListInbox(Command[InboxPage]):
    actor: Actor
    folder: Folder = Folder.ALL
    query: str = ""
    cursor: str | None = None
    limit: int = 30


@attrs.frozen(kw_only=True)
class MarkRead(Command[Thread]):
    actor: Actor
    thread_id: str


@attrs.frozen(kw_only=True)
class FileThread(Command[Thread]):
    """Archive or unarchive, mute or unmute a thread (``None`` leaves a setting as it is)."""

    actor: Actor
    thread_id: str
    archived: bool | None = None
    muted: bool | None = None


@attrs.frozen(kw_only=True)
class AnswerRequest(Command[Thread]):
    actor: Actor
    thread_id: str
    accept: bool


@attrs.frozen(kw_only=True)
class BlockThread(Command[Thread]):
    """Block (or, ``blocked=False``, unblock) the other party of a thread."""

    actor: Actor
    thread_id: str
    blocked: bool = True


@attrs.frozen(kw_only=True)
class ReportThread(Command[str]):
    """Report the other party to staff, with the messages in question (the last ones when none are named)."""

    actor: Actor
    thread_id: str
    reason: str
    message_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ViewNoticePreferences(Command[NoticePreferences]):
    """The actor's unread-message email preferences (the defaults until they set any)."""

    actor: Actor


@attrs.frozen(kw_only=True)
class SetNoticePreferences(Command[NoticePreferences]):
    """The actor turns unread-message emails on or off and sets their zone and quiet hours (minutes of the day)."""

    actor: Actor
    email_consent: bool
    time_zone: str = "UTC"
    quiet_start_minute: int = 22 * 60
    quiet_end_minute: int = 8 * 60


@attrs.frozen(kw_only=True)
class Unsubscribe(Command[NoticePreferences]):
    """Turn unread-message emails off by the signed token of an email's link: no sign-in (RFC 8058 one-click)."""

    token: str


@attrs.frozen(kw_only=True)
class UploadAttachment(Command[Attachment]):
    """An image or a PDF the actor will post with a message: ``content_type`` as announced, ``data`` its bytes."""

    actor: Actor
    content_type: str
    data: bytes = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class ReviewAttachment(Command[Attachment]):
    """Staff approve (shown to the thread) or reject (never shown) a quarantined attachment."""

    actor: Actor
    attachment_id: str
    approve: bool


@attrs.frozen
class AttachmentFile:
    data: bytes = attrs.field(repr=False)
    content_type: str
    download: bool = False  # a document: only ever served as a download, never shown inline


@attrs.frozen(kw_only=True)
class OpenAttachment(Command[AttachmentFile]):
    """One rendition (``thumb``, ``card``, ``full``; a PDF's ``document``) of an approved attachment, for its
    uploader, the parties of its thread, or staff (with an audit entry)."""

    actor: Actor
    attachment_id: str
    variant: str

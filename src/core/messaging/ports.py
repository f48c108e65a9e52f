"""Ports of the messaging context: threads, messages, the staff's report queue and audit, and who is who."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import attrs

from core.messaging.attachments import Attachment, AttachmentStatus
from core.messaging.model import Folder, Message, Thread
from core.messaging.screening import Finding
from core.messaging.unread_notices import NoticePreferences
from core.shared.unit_of_work import UnitOfWork


class ContactDetector(Protocol):
    """Finds contact details in text: phone numbers, e-mail addresses and links (a library-backed adapter)."""

    def contacts(self, text: str) -> Sequence[Finding]:
        """The phone numbers (``Kind.PHONE``), e-mail addresses (``Kind.EMAIL``) and links or bare domains
        (``Kind.LINK``) written in ``text``, each with its span in ``text``, by position, none overlapping. Pure:
        the same text gives the same findings, nothing is read from or sent to the network, and no text raises."""
        ...


@attrs.frozen
class InboxKey:
    """Where an inbox page stopped: the last thread's ``last_message_at`` and id (keyset pagination)."""

    last_message_at: datetime
    thread_id: str


@attrs.frozen(kw_only=True)
class Report:
    """A report for the staff queue: who reported whom, why, and the messages in question."""

    id: str
    thread_id: str
    reporter_id: str
    reported_id: str
    reason: str
    message_ids: tuple[str, ...]
    created_at: datetime


@attrs.frozen(kw_only=True)
class AuditEntry:
    """A staff member read a thread they are no party to."""

    id: str
    staff_user_id: str
    thread_id: str
    action: str
    at: datetime


class ThreadRepository(Protocol):
    def add(self, thread: Thread) -> None:
        """Store a new thread (its ``version`` becomes 1). ``AlreadyExists`` for a taken id or a second thread of
        the same booking."""
        ...

    def get(self, thread_id: str) -> Thread:
        """The thread as last committed, with its ``version``. Raises ``NotFound``."""
        ...

    def save(self, thread: Thread) -> None:
        """Write back a thread read by ``get``, bumping its version; ``VersionConflict`` when it moved meanwhile."""
        ...

    def of_booking(self, booking_id: str) -> Thread | None:
        """The thread of ``booking_id``, or ``None``."""
        ...

    def between(self, user_a: str, user_b: str) -> Sequence[Thread]:
        """Every thread joining the two users (either way round), oldest first. Read-only."""
        ...

    def blocked_parties(self, user_id: str) -> frozenset[str]:
        """The users joined to ``user_id`` by a blocked thread, whichever of the two blocked it. Read-only."""
        ...

    def started_since(self, user_id: str, since: datetime) -> Sequence[datetime]:
        """When ``user_id`` started each inquiry created at or after ``since``, oldest first. Read-only."""
        ...

    def inbox(self, user_id: str, folder: Folder, query: str, after: InboxKey | None, limit: int) -> Sequence[Thread]:
        """Up to ``limit`` of ``user_id``'s threads in ``folder`` (``Thread.in_folder``), latest message first (then
        by id, descending), strictly after ``after``; with a ``query``, only threads where a message shown to the
        user (or the preview) contains it, case-insensitively. Read-only."""
        ...

    def awaiting_notice(self, after: InboxKey, until: datetime, limit: int) -> Sequence[Thread]:
        """Up to ``limit`` threads with someone in ``Thread.awaiting_notice`` whose (last message, id) comes strictly
        after ``after`` and whose last message was sent at or before ``until``, in that order (keyset pages).
        Read-only: the unread-notice sweep's list."""
        ...


class NoticePreferencesRepository(Protocol):
    def get(self, user_id: str) -> NoticePreferences | None:
        """The user's message-notice preferences, or ``None`` (the defaults apply: notices on)."""
        ...

    def put(self, preferences: NoticePreferences) -> None:
        """Record (or replace) the user's preferences. Idempotent."""
        ...

    def forget(self, user_id: str) -> bool:
        """Remove the user's preferences (their account was erased); whether there were any. Idempotent."""
        ...


class MessageRepository(Protocol):
    def add(self, message: Message) -> None:
        """Store a message. ``AlreadyExists`` when its sender already used its ``client_message_id`` here."""
        ...

    def by_client_id(self, thread_id: str, sender_id: str, client_message_id: str) -> Message | None:
        """The message ``sender_id`` posted in ``thread_id`` with ``client_message_id``, or ``None``."""
        ...

    def get(self, message_id: str) -> Message:
        """The message with this id. Raises ``NotFound``."""
        ...

    def since(self, user_id: str, after: str | None, limit: int) -> Sequence[Message]:
        """Up to ``limit`` messages of ``user_id``'s threads that ``user_id`` may see (no one else's held ones),
        oldest first (by ``sent_at``, then id), posted after message ``after`` (its ``sent_at`` and id); all of them
        without ``after``; none when ``after`` is no message of theirs. Read-only: the live stream's replay."""
        ...

    def page(self, thread_id: str, before: str | None, limit: int) -> Sequence[Message]:
        """Up to ``limit`` messages of ``thread_id``, newest first (by ``sent_at``, then id), older than message
        ``before`` when given (``NotFound`` for an unknown one). Read-only."""
        ...


class AttachmentRepository(Protocol):
    def add(self, attachment: Attachment) -> None:
        """Store a new attachment. ``AlreadyExists`` for a taken id."""
        ...

    def get(self, attachment_id: str) -> Attachment:
        """The attachment with this id. Raises ``NotFound("attachment", id)``."""
        ...

    def attach(self, attachment_id: str, owner_id: str, message_id: str, thread_id: str) -> Attachment:
        """Bind ``owner_id``'s attachment, not yet posted, to a message, atomically (of two messages racing for it,
        one wins). Raises ``NotFound("attachment", id)`` when there is no such attachment of ``owner_id``'s and
        ``AttachmentInUse`` when it already went with a message."""
        ...

    def set_status(self, attachment_id: str, status: AttachmentStatus) -> Attachment:
        """Record a staff decision; the attachment after it. Raises ``NotFound("attachment", id)``."""
        ...

    def of_messages(self, message_ids: Sequence[str]) -> Sequence[Attachment]:
        """The attachments posted with any of ``message_ids``, oldest first (then by id). Read-only."""
        ...

    def in_status(self, status: AttachmentStatus, limit: int) -> Sequence[Attachment]:
        """At most ``limit`` attachments in ``status``, oldest first (the staff queue). Read-only."""
        ...

    def of_owner(self, owner_id: str) -> Sequence[Attachment]:
        """Every attachment ``owner_id`` uploaded, oldest first (the data export, erasure). Read-only."""
        ...

    def remove(self, attachment_id: str) -> None:
        """Forget the attachment (its uploader's account was erased). Idempotent."""
        ...


class StaffDesk(Protocol):
    def report(self, report: Report) -> None:
        """Queue ``report`` for staff."""
        ...

    def reports(self, limit: int) -> Sequence[Report]:
        """The oldest ``limit`` reports, first in first out."""
        ...

    def reporters_since(self, user_id: str, since: datetime) -> int:
        """How many distinct users reported ``user_id`` at or after ``since`` (the sender's risk). Read-only."""
        ...

    def audit(self, entry: AuditEntry) -> None:
        """Record that staff read a thread (append-only)."""
        ...

    def audit_trail(self, thread_id: str) -> Sequence[AuditEntry]:
        """Every audit entry of ``thread_id``, oldest first."""
        ...


class MessagingUnitOfWork(UnitOfWork, Protocol):
    @property
    def threads(self) -> ThreadRepository: ...

    @property
    def messages(self) -> MessageRepository: ...

    @property
    def staff_desk(self) -> StaffDesk: ...

    @property
    def notice_preferences(self) -> NoticePreferencesRepository: ...

    @property
    def attachments(self) -> AttachmentRepository: ...


class Parties(Protocol):
    """What messaging asks the other contexts: who owns a profile, and whether two users have a booking."""

    def owner_of(self, profile_id: str) -> str | None:
        """The user who owns ``profile_id``; ``None`` when there is no such (visible) profile."""
        ...

    def have_booked(self, user_a: str, user_b: str) -> bool:
        """Whether a booking (in any state) joins the two users, either way round."""
        ...


class Restrictions(Protocol):
    """What messaging asks moderation: whether staff decisions took a user's right to send away."""

    def messaging_restricted(self, user_id: str) -> bool:
        """Whether ``user_id`` may not send messages now (their active strikes restrict messaging). Read-only."""
        ...


class Directory(Protocol):
    """What the unread-message email asks the other contexts: where a user reads mail, and what to call them."""

    def address_of(self, user_id: str) -> str | None:
        """The user's email address; ``None`` for an unknown or erased account (they are told nothing)."""
        ...

    def name_of(self, user_id: str) -> str:
        """The name a message's recipient knows its sender by (a profile's display name, or a generic one)."""
        ...

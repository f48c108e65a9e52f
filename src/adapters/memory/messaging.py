"""Messaging in memory: threads, messages and the staff desk over the in-memory database's tables."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from adapters.memory.tables import KeyedRepository, OnTables
from adapters.memory.unit_of_work import InMemoryUnitOfWork
from core.messaging.attachments import Attachment, AttachmentStatus
from core.messaging.errors import AttachmentInUse
from core.messaging.model import Folder, Message, Thread, ThreadKind, ThreadStatus
from core.messaging.ports import AuditEntry, InboxKey, Report
from core.messaging.unread_notices import NoticePreferences
from core.shared.errors import AlreadyExists, NotFound


class InMemoryThreadRepository(KeyedRepository[Thread]):
    table_name = "messaging_threads"
    kind = "thread"

    def add(self, thread: Thread) -> None:
        if thread.booking_id is not None and self.of_booking(thread.booking_id) is not None:
            raise AlreadyExists("booking thread", thread.booking_id)
        super().add(attrs.evolve(thread, version=1))
        thread.version = 1

    def save(self, thread: Thread) -> None:
        self._replace(thread.id, attrs.evolve(thread, version=thread.version + 1), thread.version)
        thread.version += 1

    def of_booking(self, booking_id: str) -> Thread | None:
        found = [t for t in self._rows.values() if t.booking_id == booking_id]
        return copy.deepcopy(found[0]) if found else None

    def between(self, user_a: str, user_b: str) -> Sequence[Thread]:
        pair = {user_a, user_b}
        found = [t for t in self._rows.values() if set(t.parties) == pair]
        return copy.deepcopy(sorted(found, key=lambda t: (t.created_at, t.id)))

    def blocked_parties(self, user_id: str) -> frozenset[str]:
        return frozenset(
            party
            for t in self._rows.values()
            if t.status is ThreadStatus.BLOCKED and user_id in t.parties
            for party in t.parties
            if party != user_id
        )

    def started_since(self, user_id: str, since: datetime) -> Sequence[datetime]:
        return sorted(
            t.created_at
            for t in self._rows.values()
            if t.kind is ThreadKind.INQUIRY and t.starter.user_id == user_id and t.created_at >= since
        )

    def inbox(self, user_id: str, folder: Folder, query: str, after: InboxKey | None, limit: int) -> Sequence[Thread]:
        mine = [t for t in self._rows.values() if user_id in t.parties and t.in_folder(user_id, folder)]
        if query:
            mine = [t for t in mine if self._mentions(t, user_id, query.casefold())]
        if after is not None:
            mine = [t for t in mine if (t.last_message_at, t.id) < (after.last_message_at, after.thread_id)]
        mine.sort(key=lambda t: (t.last_message_at, t.id), reverse=True)
        return copy.deepcopy(mine[:limit])

    def awaiting_notice(self, after: InboxKey, until: datetime, limit: int) -> Sequence[Thread]:
        key = (after.last_message_at, after.thread_id)
        found = [
            t
            for t in self._rows.values()
            if t.awaiting_notice() and (t.last_message_at, t.id) > key and t.last_message_at <= until
        ]
        found.sort(key=lambda t: (t.last_message_at, t.id))
        return copy.deepcopy(found[:limit])

    def _mentions(self, thread: Thread, user_id: str, query: str) -> bool:
        if query in thread.preview.casefold():
            return True
        messages: dict[str, Message] = self._table(InMemoryMessageRepository.table_name)
        return any(
            m.thread_id == thread.id
            and (not m.held or m.sender_id == user_id)
            and query in m.seen_by(user_id).casefold()
            for m in messages.values()
        )


class InMemoryMessageRepository(KeyedRepository[Message]):
    table_name = "messaging_messages"
    kind = "message"

    def add(self, message: Message) -> None:
        sender, client_id = message.sender_id, message.client_message_id
        if sender and client_id and self.by_client_id(message.thread_id, sender, client_id) is not None:
            raise AlreadyExists("client message", client_id)
        super().add(message)

    def by_client_id(self, thread_id: str, sender_id: str, client_message_id: str) -> Message | None:
        for m in self._rows.values():
            if (m.thread_id, m.sender_id, m.client_message_id) == (thread_id, sender_id, client_message_id):
                return copy.deepcopy(m)
        return None

    def since(self, user_id: str, after: str | None, limit: int) -> Sequence[Message]:
        threads: dict[str, Thread] = self._table(InMemoryThreadRepository.table_name)
        mine = {t.id for t in threads.values() if user_id in t.parties}
        found = [m for m in self._rows.values() if m.thread_id in mine and (not m.held or m.sender_id == user_id)]
        if after is not None:
            anchor = self._rows.get(after)
            if anchor is None or anchor.thread_id not in mine:
                return []
            found = [m for m in found if (m.sent_at, m.id) > (anchor.sent_at, anchor.id)]
        return copy.deepcopy(sorted(found, key=lambda m: (m.sent_at, m.id))[:limit])

    def page(self, thread_id: str, before: str | None, limit: int) -> Sequence[Message]:
        found = [m for m in self._rows.values() if m.thread_id == thread_id]
        if before is not None:
            anchor = self._rows.get(before)
            if anchor is None or anchor.thread_id != thread_id:
                raise NotFound("message", before)
            found = [m for m in found if (m.sent_at, m.id) < (anchor.sent_at, anchor.id)]
        found.sort(key=lambda m: (m.sent_at, m.id), reverse=True)
        return copy.deepcopy(found[:limit])


class InMemoryStaffDesk(OnTables):
    def report(self, report: Report) -> None:
        self._table("messaging_reports")[report.id] = report

    def reports(self, limit: int) -> Sequence[Report]:
        rows: dict[str, Report] = self._table("messaging_reports")
        return sorted(rows.values(), key=lambda r: (r.created_at, r.id))[:limit]

    def reporters_since(self, user_id: str, since: datetime) -> int:
        rows: dict[str, Report] = self._table("messaging_reports")
        return len({r.reporter_id for r in rows.values() if r.reported_id == user_id and r.created_at >= since})

    def audit(self, entry: AuditEntry) -> None:
        self._table("messaging_audit")[entry.id] = entry

    def audit_trail(self, thread_id: str) -> Sequence[AuditEntry]:
        rows: dict[str, AuditEntry] = self._table("messaging_audit")
        return sorted((e for e in rows.values() if e.thread_id == thread_id), key=lambda e: (e.at, e.id))


class InMemoryNoticePreferences(OnTables):
    def get(self, user_id: str) -> NoticePreferences | None:
        found: NoticePreferences | None = self._table("messaging_notice_preferences").get(user_id)
        return found

    def put(self, preferences: NoticePreferences) -> None:
        self._table("messaging_notice_preferences")[preferences.user_id] = preferences

    def forget(self, user_id: str) -> bool:
        return self._table("messaging_notice_preferences").pop(user_id, None) is not None


class InMemoryAttachmentRepository(KeyedRepository[Attachment]):
    table_name = "messaging_attachments"
    kind = "attachment"

    def attach(self, attachment_id: str, owner_id: str, message_id: str, thread_id: str) -> Attachment:
        stored = self._rows.get(attachment_id)
        if stored is None or stored.owner_id != owner_id:
            raise NotFound("attachment", attachment_id)
        if stored.message_id is not None:
            raise AttachmentInUse(attachment_id)
        self._put(attachment_id, attrs.evolve(stored, message_id=message_id, thread_id=thread_id))
        return self._fetch(attachment_id)

    def set_status(self, attachment_id: str, status: AttachmentStatus) -> Attachment:
        self._replace(attachment_id, attrs.evolve(self._fetch(attachment_id), status=status))
        return self._fetch(attachment_id)

    def of_messages(self, message_ids: Sequence[str]) -> Sequence[Attachment]:
        wanted = set(message_ids)
        found = [a for a in self._rows.values() if a.message_id in wanted]
        return copy.deepcopy(sorted(found, key=lambda a: (a.created_at, a.id)))

    def in_status(self, status: AttachmentStatus, limit: int) -> Sequence[Attachment]:
        found = [a for a in self._rows.values() if a.status is status]
        return copy.deepcopy(sorted(found, key=lambda a: (a.created_at, a.id))[:limit])

    def of_owner(self, owner_id: str) -> Sequence[Attachment]:
        found = [a for a in self._rows.values() if a.owner_id == owner_id]
        return copy.deepcopy(sorted(found, key=lambda a: (a.created_at, a.id)))

    def remove(self, attachment_id: str) -> None:
        self._rows.pop(attachment_id, None)


class InMemoryMessagingUnitOfWork(InMemoryUnitOfWork):
    """``MessagingUnitOfWork`` over an ``InMemoryDatabase``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threads = InMemoryThreadRepository(self.database.table)
        self.messages = InMemoryMessageRepository(self.database.table)
        self.staff_desk = InMemoryStaffDesk(self.database.table)
        self.notice_preferences = InMemoryNoticePreferences(self.database.table)
        self.attachments = InMemoryAttachmentRepository(self.database.table)

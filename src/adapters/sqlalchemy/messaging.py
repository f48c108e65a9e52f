"""Messaging in SQL: threads with their seats, each party's inbox rows (the keyset), messages, the staff desk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, delete, exists, func, insert, or_, select, true, tuple_, update

from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one, one_of, update_versioned
from adapters.sqlalchemy.messaging_rows import (
    attachment_from,
    attachment_row,
    audit_from,
    message_from,
    message_row,
    report_from,
    report_values,
    thread_from,
    thread_row,
)
from adapters.sqlalchemy.tables.messaging import (
    messaging_attachments,
    messaging_audit,
    messaging_inbox,
    messaging_messages,
    messaging_notice_preferences,
    messaging_reports,
    messaging_threads,
)
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.messaging.attachments import Attachment, AttachmentStatus
from core.messaging.circumvention import Action
from core.messaging.errors import AttachmentInUse
from core.messaging.model import Folder, Message, Thread, ThreadKind, ThreadStatus
from core.messaging.ports import AuditEntry, InboxKey, Report
from core.messaging.unread_notices import NoticePreferences
from core.shared.errors import AlreadyExists, NotFound

T, M, INBOX = messaging_threads, messaging_messages, messaging_inbox

# The read path's statements (every inbox and thread request), built once with bound parameters: building a
# statement and its cache key on each call costs more than the indexed lookups they run.
_THREAD = select(T).where(T.c.id == bindparam("thread_id"))
_INBOX_ORDER = (INBOX.c.last_message_at.desc(), INBOX.c.thread_id.desc())
_INBOX = (
    select(T)
    .join(INBOX, INBOX.c.thread_id == T.c.id)
    .where(INBOX.c.user_id == bindparam("user_id"), INBOX.c.folder == bindparam("folder"))
)
_INBOX_AFTER = _INBOX.where(
    tuple_(INBOX.c.last_message_at, INBOX.c.thread_id)
    < tuple_(bindparam("after_at", type_=INBOX.c.last_message_at.type), bindparam("after_id"))
)
_INBOX_FIRST_PAGE = _INBOX.order_by(*_INBOX_ORDER).limit(bindparam("limit"))
_INBOX_NEXT_PAGE = _INBOX_AFTER.order_by(*_INBOX_ORDER).limit(bindparam("limit"))
_THREAD_MESSAGES = select(M).where(M.c.thread_id == bindparam("thread_id"))
_PAGE_ORDER = (M.c.sent_at.desc(), M.c.id.desc())
_NEWEST_PAGE = _THREAD_MESSAGES.order_by(*_PAGE_ORDER).limit(bindparam("limit"))
_OLDER_PAGE = (
    _THREAD_MESSAGES.where(
        tuple_(M.c.sent_at, M.c.id) < tuple_(bindparam("before_at", type_=M.c.sent_at.type), bindparam("before_id"))
    )
    .order_by(*_PAGE_ORDER)
    .limit(bindparam("limit"))
)
_PAGE_ANCHOR = select(M.c.sent_at, M.c.id).where(M.c.id == bindparam("before"), M.c.thread_id == bindparam("thread_id"))


class SqlAlchemyThreadRepository(OnConnection):
    def add(self, thread: Thread) -> None:
        insert_new(self._connection, T, thread_row(thread, 1), "thread", thread.id,
                   lambda: AlreadyExists("thread", thread.booking_id or thread.id))  # fmt: skip
        thread.version = 1
        self._file(thread)

    def get(self, thread_id: str) -> Thread:
        row = self._connection.execute(_THREAD, {"thread_id": thread_id}).one_or_none()
        if row is None:
            raise NotFound("thread", thread_id)
        return thread_from(row)

    def save(self, thread: Thread) -> None:
        update_versioned(
            self._connection, T, "thread", thread.id, thread.version, thread_row(thread, thread.version + 1)
        )
        thread.version += 1
        self._file(thread)

    def _file(self, thread: Thread) -> None:
        """Rewrite the thread's inbox rows: one per party and folder it shows in."""
        self._connection.execute(delete(INBOX).where(INBOX.c.thread_id == thread.id))
        rows = [
            {"user_id": user, "folder": folder.value, "thread_id": thread.id, "last_message_at": thread.last_message_at}
            for user in thread.parties
            for folder in Folder
            if thread.in_folder(user, folder)
        ]
        if rows:
            self._connection.execute(insert(INBOX), rows)

    def of_booking(self, booking_id: str) -> Thread | None:
        row = self._connection.execute(select(T).where(T.c.booking_id == booking_id)).one_or_none()
        return None if row is None else thread_from(row)

    def between(self, user_a: str, user_b: str) -> Sequence[Thread]:
        pair = or_(and_(T.c.starter_id == user_a, T.c.recipient_id == user_b),
                   and_(T.c.starter_id == user_b, T.c.recipient_id == user_a))  # fmt: skip
        return [
            thread_from(r) for r in self._connection.execute(select(T).where(pair).order_by(T.c.created_at, T.c.id))
        ]

    def blocked_parties(self, user_id: str) -> frozenset[str]:
        """Two indexed reads in one statement (as starter, as recipient), not an OR across both columns."""
        blocked = T.c.status == ThreadStatus.BLOCKED.value
        as_starter = select(T.c.recipient_id.label("party")).where(T.c.starter_id == user_id, blocked)
        as_recipient = select(T.c.starter_id.label("party")).where(T.c.recipient_id == user_id, blocked)
        return frozenset(self._connection.execute(as_starter.union(as_recipient)).scalars())

    def started_since(self, user_id: str, since: datetime) -> Sequence[datetime]:
        query = select(T.c.created_at).where(
            T.c.starter_id == user_id, T.c.kind == ThreadKind.INQUIRY.value, T.c.created_at >= since
        )
        return list(self._connection.execute(query.order_by(T.c.created_at)).scalars())

    def inbox(self, user_id: str, folder: Folder, query: str, after: InboxKey | None, limit: int) -> Sequence[Thread]:
        values: dict[str, Any] = {"user_id": user_id, "folder": folder.value, "limit": limit}
        if after is not None:
            values |= {"after_at": after.last_message_at, "after_id": after.thread_id}
        if query:  # a search builds its statement: the pattern is part of it
            searched = (_INBOX if after is None else _INBOX_AFTER).where(_mentions(user_id, query))
            statement = searched.order_by(*_INBOX_ORDER).limit(bindparam("limit"))
        else:
            statement = _INBOX_FIRST_PAGE if after is None else _INBOX_NEXT_PAGE
        return [thread_from(r) for r in self._connection.execute(statement, values)]

    def awaiting_notice(self, after: InboxKey, until: datetime, limit: int) -> Sequence[Thread]:
        later = tuple_(T.c.last_message_at, T.c.id) > tuple_(
            bindparam("after_at", after.last_message_at, type_=T.c.last_message_at.type), after.thread_id
        )
        query = (
            select(T)
            .where(T.c.awaiting_notice == true(), later, T.c.last_message_at <= until)
            .order_by(T.c.last_message_at, T.c.id)
            .limit(limit)
        )
        return [thread_from(r) for r in self._connection.execute(query)]


def _mentions(user_id: str, query: str) -> Any:
    pattern = "%" + query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    own, theirs = M.c.sender_id == user_id, or_(M.c.sender_id.is_(None), M.c.sender_id != user_id)
    shown = or_(
        and_(own, func.lower(M.c.body).like(pattern, escape="\\")),
        and_(theirs, M.c.action != Action.HOLD.value, func.lower(M.c.shown_body).like(pattern, escape="\\")),
    )
    return exists().where(M.c.thread_id == T.c.id, shown)


class SqlAlchemyMessageRepository(OnConnection):
    def add(self, message: Message) -> None:
        insert_new(self._connection, M, message_row(message), "client message", message.client_message_id or message.id)

    def by_client_id(self, thread_id: str, sender_id: str, client_message_id: str) -> Message | None:
        query = select(M).where(
            M.c.thread_id == thread_id, M.c.sender_id == sender_id, M.c.client_message_id == client_message_id
        )
        row = self._connection.execute(query).one_or_none()
        return None if row is None else message_from(row)

    def get(self, message_id: str) -> Message:
        return message_from(one(self._connection, M, "message", message_id))

    def since(self, user_id: str, after: str | None, limit: int) -> Sequence[Message]:
        mine = select(T.c.id).where(or_(T.c.starter_id == user_id, T.c.recipient_id == user_id))
        visible = or_(M.c.action != Action.HOLD.value, M.c.sender_id == user_id)
        query = select(M).where(M.c.thread_id.in_(mine), visible)
        if after is not None:
            anchor = self._connection.execute(
                select(M.c.sent_at, M.c.id).where(M.c.id == after, M.c.thread_id.in_(mine))
            ).one_or_none()
            if anchor is None:
                return []
            query = query.where(tuple_(M.c.sent_at, M.c.id) > (anchor.sent_at, anchor.id))
        query = query.order_by(M.c.sent_at, M.c.id).limit(limit)
        return [message_from(r) for r in self._connection.execute(query)]

    def page(self, thread_id: str, before: str | None, limit: int) -> Sequence[Message]:
        values: dict[str, Any] = {"thread_id": thread_id, "limit": limit}
        if before is not None:
            anchor = self._connection.execute(_PAGE_ANCHOR, {"before": before, "thread_id": thread_id}).one_or_none()
            if anchor is None:
                raise NotFound("message", before)
            values |= {"before_at": anchor.sent_at, "before_id": anchor.id}
        statement = _NEWEST_PAGE if before is None else _OLDER_PAGE
        return [message_from(r) for r in self._connection.execute(statement, values)]


class SqlAlchemyStaffDesk(OnConnection):
    def report(self, report: Report) -> None:
        insert_new(self._connection, messaging_reports, report_values(report), "report", report.id)

    def reports(self, limit: int) -> Sequence[Report]:
        query = select(messaging_reports).order_by(messaging_reports.c.created_at, messaging_reports.c.id).limit(limit)
        return [report_from(r) for r in self._connection.execute(query)]

    def reporters_since(self, user_id: str, since: datetime) -> int:
        r = messaging_reports.c
        query = select(func.count(r.reporter_id.distinct())).where(r.reported_id == user_id, r.created_at >= since)
        return int(self._connection.execute(query).scalar_one())

    def audit(self, entry: AuditEntry) -> None:
        values = {"id": entry.id, "staff_user_id": entry.staff_user_id, "thread_id": entry.thread_id,
                  "action": entry.action, "at": entry.at}  # fmt: skip
        insert_new(self._connection, messaging_audit, values, "audit entry", entry.id)

    def audit_trail(self, thread_id: str) -> Sequence[AuditEntry]:
        query = select(messaging_audit).where(messaging_audit.c.thread_id == thread_id)
        rows: list[Row[Any]] = list(
            self._connection.execute(query.order_by(messaging_audit.c.at, messaging_audit.c.id))
        )
        return [audit_from(r) for r in rows]


class SqlAlchemyNoticePreferences(OnConnection):
    def get(self, user_id: str) -> NoticePreferences | None:
        P = messaging_notice_preferences
        row = self._connection.execute(select(P).where(P.c.user_id == user_id)).one_or_none()
        if row is None:
            return None
        return NoticePreferences(user_id=row.user_id, email_consent=bool(row.email_consent), time_zone=row.time_zone,
                                 quiet_start_minute=row.quiet_start_minute,
                                 quiet_end_minute=row.quiet_end_minute)  # fmt: skip

    def put(self, preferences: NoticePreferences) -> None:
        P = messaging_notice_preferences
        values = {"user_id": preferences.user_id, "email_consent": preferences.email_consent,
                  "time_zone": preferences.time_zone, "quiet_start_minute": preferences.quiet_start_minute,
                  "quiet_end_minute": preferences.quiet_end_minute}  # fmt: skip
        if self._connection.execute(update(P).where(P.c.user_id == preferences.user_id).values(values)).rowcount == 0:
            self._connection.execute(insert(P).values(values))

    def forget(self, user_id: str) -> bool:
        P = messaging_notice_preferences
        return bool(self._connection.execute(delete(P).where(P.c.user_id == user_id)).rowcount)


class SqlAlchemyAttachmentRepository(OnConnection):
    def add(self, attachment: Attachment) -> None:
        insert_new(self._connection, messaging_attachments, attachment_row(attachment), "attachment", attachment.id)

    def get(self, attachment_id: str) -> Attachment:
        return attachment_from(one(self._connection, messaging_attachments, "attachment", attachment_id))

    def attach(self, attachment_id: str, owner_id: str, message_id: str, thread_id: str) -> Attachment:
        A = messaging_attachments
        unposted = update(A).where(A.c.id == attachment_id, A.c.owner_id == owner_id, A.c.message_id.is_(None))
        if self._connection.execute(unposted.values(message_id=message_id, thread_id=thread_id)).rowcount == 0:
            row = self._connection.execute(select(A.c.owner_id).where(A.c.id == attachment_id)).one_or_none()
            if row is None or row.owner_id != owner_id:
                raise NotFound("attachment", attachment_id)
            raise AttachmentInUse(attachment_id)
        return self.get(attachment_id)

    def set_status(self, attachment_id: str, status: AttachmentStatus) -> Attachment:
        A = messaging_attachments
        if self._connection.execute(update(A).where(A.c.id == attachment_id).values(status=status.value)).rowcount == 0:
            raise NotFound("attachment", attachment_id)
        return self.get(attachment_id)

    def of_messages(self, message_ids: Sequence[str]) -> Sequence[Attachment]:
        A = messaging_attachments
        query = select(A).where(one_of(self._connection, A.c.message_id, list(message_ids)))
        return [attachment_from(r) for r in self._connection.execute(query.order_by(A.c.created_at, A.c.id))]

    def in_status(self, status: AttachmentStatus, limit: int) -> Sequence[Attachment]:
        A = messaging_attachments
        query = select(A).where(A.c.status == status.value).order_by(A.c.created_at, A.c.id).limit(limit)
        return [attachment_from(r) for r in self._connection.execute(query)]

    def of_owner(self, owner_id: str) -> Sequence[Attachment]:
        A = messaging_attachments
        query = select(A).where(A.c.owner_id == owner_id).order_by(A.c.created_at, A.c.id)
        return [attachment_from(r) for r in self._connection.execute(query)]

    def remove(self, attachment_id: str) -> None:
        self._connection.execute(delete(messaging_attachments).where(messaging_attachments.c.id == attachment_id))


class SqlAlchemyMessagingUnitOfWork(SqlAlchemyUnitOfWork):
    """``MessagingUnitOfWork`` on one connection: threads, inbox rows and messages change in one transaction."""

    threads: SqlAlchemyThreadRepository
    messages: SqlAlchemyMessageRepository
    staff_desk: SqlAlchemyStaffDesk
    notice_preferences: SqlAlchemyNoticePreferences
    attachments: SqlAlchemyAttachmentRepository

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.threads = SqlAlchemyThreadRepository(connection)
        self.messages = SqlAlchemyMessageRepository(connection)
        self.staff_desk = SqlAlchemyStaffDesk(connection)
        self.notice_preferences = SqlAlchemyNoticePreferences(connection)
        self.attachments = SqlAlchemyAttachmentRepository(connection)

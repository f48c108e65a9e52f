"""Reading and filing threads: the inbox, a thread's pages (staff leave an audit entry), read receipts, archive,
mute, message requests, block and report."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime

from core.messaging.access import Access, access_to, party, signed_in
from core.messaging.attachments import Attachment
from core.messaging.commands import (
    AnswerRequest,
    BlockThread,
    FileThread,
    InboxPage,
    ListInbox,
    MarkRead,
    ReportThread,
    ThreadPage,
    ViewThread,
)
from core.messaging.model import Thread
from core.messaging.ports import AuditEntry, InboxKey, MessagingUnitOfWork, Report
from core.shared.actor import Actor
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput

MAX_PAGE = 100
MAX_QUERY = 100
MAX_REASON = 1_000


def list_inbox(command: ListInbox, uow: MessagingUnitOfWork) -> InboxPage:
    """The actor's threads in a folder, latest first, ``limit`` at a time (``cursor`` from the previous page)."""
    user = signed_in(command.actor)
    if len(command.query) > MAX_QUERY:
        raise InvalidInput("q", f"at most {MAX_QUERY} characters")
    limit = _limit(command.limit)
    with uow.reading():
        threads = uow.threads.inbox(user, command.folder, command.query.strip(), decode_cursor(command.cursor), limit)
    last = threads[-1] if len(threads) == limit else None
    return InboxPage(threads, None if last is None else encode_cursor(InboxKey(last.last_message_at, last.id)))


def view_thread(command: ViewThread, uow: MessagingUnitOfWork, clock: Clock, ids: IdGenerator) -> ThreadPage:
    """A page of a thread, newest first. A party sees held messages only if they sent them; staff see everything
    masked, and leave an audit entry; anyone else gets ``NotFound``."""
    limit = _limit(command.limit)
    with uow.reading():  # a party's read writes nothing
        thread = uow.threads.get(command.thread_id)
        access = access_to(thread, command.actor)
        messages = list(uow.messages.page(thread.id, command.before, limit + 1))
    if access is Access.STAFF:  # the entry is committed before staff see the page
        staff = command.actor.user_id or "operator"
        with uow:
            uow.staff_desk.audit(AuditEntry(id=ids.new_id("aud"), staff_user_id=staff, thread_id=thread.id,
                                            action="read", at=clock.now()))  # fmt: skip
            uow.commit()
    more = len(messages) > limit
    messages = messages[:limit]
    reader = command.actor.user_id if access is Access.PARTY else None
    shown = [m for m in messages if not m.held or m.sender_id == reader or access is Access.STAFF]
    with uow.reading():
        attached = uow.attachments.of_messages([m.id for m in shown]) if shown else ()
    by_message: dict[str, list[Attachment]] = {}
    for attachment in attached:
        by_message.setdefault(attachment.message_id or "", []).append(attachment)
    return ThreadPage(thread, shown, messages[-1].id if more and messages else None, by_message)


def mark_read(command: MarkRead, uow: MessagingUnitOfWork, clock: Clock) -> Thread:
    return _change(uow, command.thread_id, command.actor, lambda t, u: t.read(u, clock.now()))


def file_thread(command: FileThread, uow: MessagingUnitOfWork) -> Thread:
    return _change(uow, command.thread_id, command.actor,
                   lambda t, u: t.file(u, archived=command.archived, muted=command.muted))  # fmt: skip


def answer_request(command: AnswerRequest, uow: MessagingUnitOfWork) -> Thread:
    return _change(uow, command.thread_id, command.actor, lambda t, u: t.answer_request(u, accept=command.accept))


def block_thread(command: BlockThread, uow: MessagingUnitOfWork) -> Thread:
    return _change(uow, command.thread_id, command.actor,
                   lambda t, u: t.block(u) if command.blocked else t.unblock(u))  # fmt: skip


def report_thread(command: ReportThread, uow: MessagingUnitOfWork, clock: Clock, ids: IdGenerator) -> str:
    """Queue a report of the other party with the messages in question (theirs only; their last 20 when none are
    named) for staff; answers the report's id."""
    reason = command.reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput("reason", f"must hold 1..{MAX_REASON} characters")
    with uow:
        thread = uow.threads.get(command.thread_id)
        reporter = party(thread, command.actor)
        reported = thread.other(reporter).user_id
        theirs = [m.id for m in uow.messages.page(thread.id, None, MAX_PAGE) if m.sender_id == reported]
        named = [i for i in command.message_ids if i in theirs] if command.message_ids else theirs[:20]
        report = Report(id=ids.new_id("rpt"), thread_id=thread.id, reporter_id=reporter, reported_id=reported,
                        reason=reason, message_ids=tuple(named), created_at=clock.now())  # fmt: skip
        uow.staff_desk.report(report)
        uow.commit()
    return report.id


def _change(uow: MessagingUnitOfWork, thread_id: str, actor: Actor, change: Callable[[Thread, str], None]) -> Thread:
    """Apply ``change`` to the thread as the party ``actor`` is (``NotFound`` for anyone else), in one unit."""
    with uow:
        thread = uow.threads.get(thread_id)
        change(thread, party(thread, actor))
        uow.threads.save(thread)
        uow.commit()
    return thread


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit", f"must be 1..{MAX_PAGE}")
    return limit


def encode_cursor(key: InboxKey) -> str:
    raw = f"{key.last_message_at.isoformat()}|{key.thread_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> InboxKey | None:
    """The keyset an inbox cursor names; ``InvalidInput`` for one this service did not make."""
    if not cursor:
        return None
    try:
        at, _, thread_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition("|")
        instant = datetime.fromisoformat(at)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("cursor", "not a cursor of this inbox") from None
    if not thread_id or instant.tzinfo is None:
        raise InvalidInput("cursor", "not a cursor of this inbox")
    return InboxKey(instant, thread_id)

"""Threads between two parties, each party's seat (unread count, archive, mute, offences) and their messages.

A thread is an inquiry (started by one user to another) or a booking's (one per booking, opened by the booking
context's events). An inquiry from someone the recipient has no booking with starts as a *message request*:
delivered, but in the recipient's "requests" folder until they accept, decline or block it. Unread counters change
with the message that changes them, in its own unit of work, so reading an inbox counts nothing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.messaging.circumvention import Action, Verdict
from core.messaging.errors import ConversationRefused, NotARequest
from core.shared.errors import InvalidInput, NotFound
from core.shared.text import refusal

MAX_BODY = 5_000
PREVIEW_CHARS = 140


class ThreadKind(StrEnum):
    INQUIRY = "inquiry"
    BOOKING = "booking"


class ThreadStatus(StrEnum):
    REQUEST = "request"  # waiting for the recipient to accept, decline or block
    OPEN = "open"
    DECLINED = "declined"
    BLOCKED = "blocked"


class Folder(StrEnum):
    """The inbox's folders, as seen by one party."""

    ALL = "all"
    ACTION_REQUIRED = "action-required"  # unread, or a request waiting for me
    BOOKINGS = "bookings"
    REQUESTS = "requests"  # requests sent to me
    ARCHIVED = "archived"
    BLOCKED = "blocked"  # threads I blocked (the spam folder)


@attrs.define
class Seat:
    """One party's place in a thread: what they have not read, and how they file it."""

    user_id: str
    unread: int = 0
    last_read_at: datetime | None = None
    archived: bool = False
    muted: bool = False
    offences: tuple[datetime, ...] = ()  # when their messages here were flagged (the last 24 h are kept)
    notified_at: datetime | None = None  # emailed about this unread burst; cleared when they read the thread


@attrs.frozen(kw_only=True)
class Message:
    """One message: ``sender_id`` is ``None`` for a system event (a booking's). ``shown_body`` is what the
    recipient sees (masked contact details); a held message is shown to its sender only."""

    id: str
    thread_id: str
    sender_id: str | None
    body: str
    shown_body: str
    client_message_id: str | None
    sent_at: datetime
    action: Action = Action.DELIVER
    kinds: tuple[str, ...] = ()

    @property
    def held(self) -> bool:
        return self.action is Action.HOLD

    def seen_by(self, user_id: str | None) -> str:
        """The text ``user_id`` sees: the sender their own words, anyone else the masked ones."""
        return self.body if user_id is not None and user_id == self.sender_id else self.shown_body


def checked_body(body: str) -> str:
    """``body`` stripped; ``InvalidInput`` when empty or over ``MAX_BODY`` characters."""
    text = body.strip()
    if not text or len(text) > MAX_BODY:
        raise InvalidInput("body", f"must hold 1..{MAX_BODY} characters")
    if (reason := refusal(text, multiline=True)) is not None:
        raise InvalidInput("body", reason)
    return text


@attrs.define(kw_only=True)
class Thread:
    """Two parties' conversation. ``starter`` and ``recipient`` are seats; ``booking_id`` names a booking's."""

    id: str
    kind: ThreadKind
    status: ThreadStatus
    starter: Seat
    recipient: Seat
    created_at: datetime
    last_message_at: datetime
    preview: str = ""
    booking_id: str | None = None
    blocked_by: str | None = None
    phone_allowed: bool = False  # a confirmed booking's thread
    version: int = 0

    @classmethod
    def inquiry(cls, thread_id: str, starter: str, recipient: str, now: datetime, *, known: bool) -> Thread:
        """A new inquiry; a request unless the two ``known`` each other (a booking between them)."""
        if starter == recipient:
            raise InvalidInput("recipient", "cannot message yourself")
        status = ThreadStatus.OPEN if known else ThreadStatus.REQUEST
        return cls(id=thread_id, kind=ThreadKind.INQUIRY, status=status, starter=Seat(starter),
                   recipient=Seat(recipient), created_at=now, last_message_at=now)  # fmt: skip

    @classmethod
    def for_booking(cls, thread_id: str, booking_id: str, client: str, provider: str, now: datetime) -> Thread:
        """A booking's thread, open at once (booking threads are never requests)."""
        return cls(id=thread_id, kind=ThreadKind.BOOKING, status=ThreadStatus.OPEN, starter=Seat(client),
                   recipient=Seat(provider), created_at=now, last_message_at=now, booking_id=booking_id)  # fmt: skip

    @property
    def parties(self) -> tuple[str, str]:
        return self.starter.user_id, self.recipient.user_id

    def seat(self, user_id: str) -> Seat:
        """``user_id``'s seat; ``NotFound`` for anyone else (a thread is not revealed to strangers)."""
        for seat in (self.starter, self.recipient):
            if seat.user_id == user_id:
                return seat
        raise NotFound("thread", self.id)

    def other(self, user_id: str) -> Seat:
        return self.recipient if self.seat(user_id) is self.starter else self.starter

    def check_can_send(self, sender: str) -> None:
        """``ConversationRefused`` when ``sender`` may not write here (blocked; a declined request's starter)."""
        self.seat(sender)
        if self.status is ThreadStatus.BLOCKED:
            raise ConversationRefused(self.id, "blocked")
        if self.status is ThreadStatus.DECLINED and sender == self.starter.user_id:
            raise ConversationRefused(self.id, "request declined")

    def post(self, message: Message, verdict: Verdict) -> None:
        """Add ``message`` (already screened to ``verdict``): the other party's unread count and the preview move
        unless it is held; the sender's offences are counted. A request's recipient who replies accepts it."""
        sender = self.seat(message.sender_id) if message.sender_id else None
        if sender is not None:
            self.check_can_send(sender.user_id)
            if verdict.offending:
                sender.offences = (*sender.offences, message.sent_at)[-10:]
            if self.status is not ThreadStatus.OPEN and sender is self.recipient:
                self.status = ThreadStatus.OPEN
            sender.last_read_at, sender.unread, sender.notified_at = message.sent_at, 0, None
        if message.held:
            return
        for seat in (self.starter, self.recipient):
            if seat is not sender:
                seat.unread += 1
                seat.archived = False  # a new message brings an archived thread back
        self.last_message_at = message.sent_at
        self.preview = message.shown_body[:PREVIEW_CHARS]

    def read(self, reader: str, now: datetime) -> None:
        seat = self.seat(reader)
        seat.unread, seat.last_read_at, seat.notified_at = 0, now, None

    def awaiting_notice(self) -> tuple[str, ...]:
        """The parties with an unread burst here nobody emailed them about yet (not muted, thread not blocked)."""
        if self.status is ThreadStatus.BLOCKED:
            return ()
        seats = (self.starter, self.recipient)
        return tuple(s.user_id for s in seats if s.unread > 0 and s.notified_at is None and not s.muted)

    def notified(self, user_id: str, now: datetime) -> None:
        """``user_id`` was emailed about their unread messages here: no more notices until they read it."""
        self.seat(user_id).notified_at = now

    def file(self, user_id: str, *, archived: bool | None = None, muted: bool | None = None) -> None:
        seat = self.seat(user_id)
        seat.archived = seat.archived if archived is None else archived
        seat.muted = seat.muted if muted is None else muted

    def answer_request(self, user_id: str, *, accept: bool) -> None:
        """The recipient accepts (the thread opens) or declines (its starter can no longer write) a request."""
        if self.status is not ThreadStatus.REQUEST or self.seat(user_id) is not self.recipient:
            raise NotARequest(self.id)
        self.status = ThreadStatus.OPEN if accept else ThreadStatus.DECLINED

    def block(self, user_id: str) -> None:
        """``user_id`` blocks the other party here: nobody writes any more; unblocking is for the blocker."""
        self.seat(user_id)
        self.status, self.blocked_by = ThreadStatus.BLOCKED, user_id

    def unblock(self, user_id: str) -> None:
        if self.blocked_by != user_id:
            raise NotFound("block", self.id)
        self.status, self.blocked_by = ThreadStatus.OPEN, None

    def in_folder(self, user_id: str, folder: Folder) -> bool:
        """Whether this thread shows in ``folder`` of ``user_id``'s inbox (who must be a party)."""
        seat = self.seat(user_id)
        blocked = self.status is ThreadStatus.BLOCKED
        if folder is Folder.BLOCKED:
            return blocked and self.blocked_by == user_id
        if blocked and self.blocked_by == user_id:
            return False
        request_to_me = self.status is ThreadStatus.REQUEST and seat is self.recipient
        declined_by_me = self.status is ThreadStatus.DECLINED and seat is self.recipient
        if folder is Folder.ARCHIVED:
            return seat.archived
        if seat.archived or declined_by_me:
            return False
        return {
            Folder.ALL: not request_to_me,
            Folder.REQUESTS: request_to_me,
            Folder.ACTION_REQUIRED: request_to_me or seat.unread > 0,
            Folder.BOOKINGS: self.kind is ThreadKind.BOOKING,
        }[folder]

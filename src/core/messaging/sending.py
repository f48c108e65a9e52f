"""Sending: start an inquiry, post to a thread. Screened, rate limited, idempotent by the client's message id.

A retried send (the same sender, thread and ``client_message_id``) answers the first message and changes nothing.
The unread counters and the preview move in the message's own unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from core.messaging.access import party, signed_in
from core.messaging.attaching import attach_all
from core.messaging.attachments import Attachment
from core.messaging.circumvention import (
    Action,
    ReportRisk,
    Verdict,
    cooled_until,
    offending_kinds,
    recent_offences,
    verdict,
)
from core.messaging.commands import Posted, PostMessage, StartInquiry
from core.messaging.errors import (
    ConversationRefused,
    CooledDown,
    MessagingRestricted,
    TooManyConversations,
    TooManyMessages,
)  # fmt: skip
from core.messaging.events import MessagePosted
from core.messaging.model import Message, Thread, ThreadKind, ThreadStatus, checked_body
from core.messaging.ports import ContactDetector, MessagingUnitOfWork, Parties, Restrictions
from core.messaging.screening import Finding, masked, screen
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound
from core.shared.rate_limit import RateLimiter

DAY = timedelta(days=1)
MAX_CLIENT_ID = 100


@attrs.frozen
class MessagingRules:
    """The limits on sending (settings): new conversations per sender a day, messages per pair per window, and when
    reports raise a sender's risk."""

    new_conversations_per_day: int = 5
    pair_limit: int = 30
    pair_window_s: int = 60
    report_risk: ReportRisk = attrs.field(factory=ReportRisk)


def start_inquiry(
    command: StartInquiry,
    uow: MessagingUnitOfWork,
    parties: Parties,
    rules: MessagingRules,
    limiter: RateLimiter,
    clock: Clock,
    ids: IdGenerator,
    restrictions: Restrictions,
    detector: ContactDetector,
) -> Posted:
    """Open a thread to the recipient with a first message: a request unless a booking joins the two. Counts
    against the sender's daily quota of new conversations (``TooManyConversations``); ``MessagingRestricted``
    while moderation restricts the sender."""
    sender = signed_in(command.actor)
    _check_allowed(restrictions, sender)
    body, client_id = checked_body(command.body), _client_id(command.client_message_id)
    recipient = command.recipient_user_id or (
        parties.owner_of(command.recipient_profile_id) if command.recipient_profile_id else None
    )
    if recipient is None:
        raise NotFound("recipient", command.recipient_profile_id or "")
    now = clock.now()
    with uow.reading():
        between = uow.threads.between(sender, recipient)
    if any(t.status is ThreadStatus.BLOCKED for t in between):
        raise ConversationRefused(between[0].id, "blocked")
    if joined := [t for t in between if t.kind is ThreadKind.INQUIRY]:  # one inquiry thread per pair
        again = PostMessage(actor=command.actor, thread_id=joined[0].id, body=body, client_message_id=client_id,
                            attachment_ids=command.attachment_ids)  # fmt: skip
        return post_message(again, uow, rules, limiter, clock, ids, restrictions, detector)
    with uow:
        started = uow.threads.started_since(sender, now - DAY)
        if len(started) >= rules.new_conversations_per_day:
            retry = int((started[0] + DAY - now).total_seconds()) + 1
            raise TooManyConversations(rules.new_conversations_per_day, max(retry, 1))
        thread = Thread.inquiry(ids.new_id("thr"), sender, recipient, now, known=parties.have_booked(sender, recipient))
        _check_pair(limiter, rules, sender, recipient, now)
        findings = screen(body, detector)
        reported = _reported(uow, rules.report_risk, thread, sender, findings, now)
        message, answer = _screened(thread, sender, body, client_id, now, ids, findings, reported)
        thread.post(message, answer)
        uow.threads.add(thread)
        uow.messages.add(message)
        attached = attach_all(uow, command.attachment_ids, message)
        _record(uow, thread, message)
        uow.commit()
    return _posted(thread, message, attached)


def post_message(
    command: PostMessage, uow: MessagingUnitOfWork, rules: MessagingRules, limiter: RateLimiter, clock: Clock,
    ids: IdGenerator, restrictions: Restrictions, detector: ContactDetector,
) -> Posted:  # fmt: skip
    """Post to a thread the actor is a party to (``NotFound`` otherwise); ``ConversationRefused`` when blocked or
    declined, ``MessagingRestricted`` while moderation restricts the sender, ``CooledDown`` while the sender's held
    messages wait, ``TooManyMessages`` over the pair's limit; what ``attach_all`` raises for an attachment that is
    not the sender's to post. A retried send still answers its first message."""
    body, client_id = checked_body(command.body), _client_id(command.client_message_id)
    now = clock.now()
    with uow:
        thread = uow.threads.get(command.thread_id)
        sender = party(thread, command.actor)
        if (first := uow.messages.by_client_id(thread.id, sender, client_id)) is not None:
            return attrs.evolve(_posted(thread, first, uow.attachments.of_messages([first.id])), replayed=True)
        thread.check_can_send(sender)
        _check_allowed(restrictions, sender)
        findings = screen(body, detector)
        reported = _reported(uow, rules.report_risk, thread, sender, findings, now)
        if (until := cooled_until(thread.seat(sender).offences, now, reported=reported)) is not None:
            raise CooledDown(until.isoformat(), int((until - now).total_seconds()) + 1)
        _check_pair(limiter, rules, sender, thread.other(sender).user_id, now)
        message, answer = _screened(thread, sender, body, client_id, now, ids, findings, reported)
        thread.post(message, answer)
        uow.threads.save(thread)
        uow.messages.add(message)
        attached = attach_all(uow, command.attachment_ids, message)
        _record(uow, thread, message)
        uow.commit()
    return _posted(thread, message, attached)


def _check_allowed(restrictions: Restrictions, sender: str) -> None:
    if restrictions.messaging_restricted(sender):
        raise MessagingRestricted(sender)


def _client_id(value: str) -> str:
    if not value or len(value) > MAX_CLIENT_ID or not value.isprintable():
        raise InvalidInput("client_message_id", f"must be 1..{MAX_CLIENT_ID} printable characters")
    return value


def _check_pair(limiter: RateLimiter, rules: MessagingRules, sender: str, recipient: str, now: datetime) -> None:
    decision = limiter.hit(f"message-pair:{sender}:{recipient}", rules.pair_limit, rules.pair_window_s, now)
    if not decision.allowed:
        raise TooManyMessages(decision.retry_after_s)


def _reported(
    uow: MessagingUnitOfWork, risk: ReportRisk, thread: Thread, sender: str, findings: tuple[Finding, ...],
    now: datetime,
) -> bool:  # fmt: skip
    """Whether reports raise ``sender``'s risk (``ReportRisk``): one indexed count, asked only when the answer can
    change something (the message offends, or the sender offended lately and may be cooled down)."""
    if risk.reporters <= 0:
        return False
    offends = offending_kinds(findings, phone_allowed=thread.phone_allowed)
    if not offends and not recent_offences(thread.seat(sender).offences, now):
        return False
    return risk.raised(uow.staff_desk.reporters_since(sender, now - risk.window))


def _screened(
    thread: Thread, sender: str, body: str, client_id: str, now: datetime, ids: IdGenerator,
    findings: tuple[Finding, ...], reported: bool,
) -> tuple[Message, Verdict]:  # fmt: skip
    seat = thread.seat(sender)
    answer = verdict(findings, seat.offences, now, phone_allowed=thread.phone_allowed, reported=reported)
    shown = masked(body, findings) if answer.action in (Action.MASK, Action.HOLD) else body
    message = Message(
        id=ids.new_id("msg"), thread_id=thread.id, sender_id=sender, body=body, shown_body=shown,
        client_message_id=client_id, sent_at=now, action=answer.action, kinds=tuple(k.value for k in answer.kinds),
    )  # fmt: skip
    return message, answer


def _record(uow: MessagingUnitOfWork, thread: Thread, message: Message) -> None:
    to = () if message.held else tuple(p for p in thread.parties if p != message.sender_id)
    uow.record(MessagePosted(thread_id=thread.id, message_id=message.id, sender_id=message.sender_id, to=to,
                             sent_at=message.sent_at))  # fmt: skip


def _posted(thread: Thread, message: Message, attachments: Sequence[Attachment] = ()) -> Posted:
    return Posted(thread, message, Verdict(message.action).reminder, attachments=tuple(attachments))

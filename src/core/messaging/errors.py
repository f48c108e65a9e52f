"""Messaging errors: refused sends, requests and the daily quota of new conversations."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


class MessagingError(DomainError):
    """Root of the messaging context's errors."""

    code = "messaging-error"


@attrs.define
class ConversationRefused(MessagingError):
    """The thread takes no message from this sender: blocked, or a request its recipient declined (403)."""

    code = "conversation-refused"
    message = "thread {thread_id!r} takes no messages from you: {reason}"
    thread_id: str
    reason: str


@attrs.define
class NotARequest(MessagingError):
    """Only the recipient of a pending message request may accept or decline it (409)."""

    code = "not-a-request"
    message = "thread {thread_id!r} is no message request of yours"
    thread_id: str


@attrs.define
class TooManyConversations(MessagingError):
    """The sender started as many new conversations as a day allows (429)."""

    code = "too-many-conversations"
    message = "at most {limit} new conversations a day"
    limit: int
    retry_after_s: int


@attrs.define
class TooManyMessages(MessagingError):
    """Too many messages to one person in a short while (429)."""

    code = "too-many-messages"
    message = "too many messages in a short while; try again in {retry_after_s} s"
    retry_after_s: int


@attrs.define
class CooledDown(MessagingError):
    """The sender kept sharing contact details in this thread: held for review, sending paused (429)."""

    code = "cooled-down"
    message = "messages in this thread are paused for review until {until}"
    until: str
    retry_after_s: int


@attrs.define
class MessagingRestricted(MessagingError):
    """Staff decisions against the sender's account restrict their messaging for a while (403)."""

    code = "messaging-restricted"
    message = "your account may not send messages for now, after decisions on reports against it"
    user_id: str


@attrs.define
class AttachmentInUse(MessagingError):
    """An attachment goes with one message only; this one was already posted (409)."""

    code = "attachment-in-use"
    message = "attachment {attachment_id!r} was already posted with a message"
    attachment_id: str


@attrs.define
class UnsubscribeLinkInvalid(MessagingError):
    """An unsubscribe link this service did not sign as it is, or one past its time (400)."""

    code = "unsubscribe-link-invalid"
    message = "this unsubscribe link is {reason}; turn the emails off in your message settings"
    reason: str

"""Messaging routes: the inbox, a thread's pages, sending (idempotent by ``clientMessageId``), read receipts,
archive, mute, block, report, and the answer to a message request.

Who acts comes from the session and travels in the command; the core decides whether that user is a party to the
thread (``core.messaging.access``): anyone else gets 404, staff read with an audit entry. Sending answers 429 with
``Retry-After`` over the per-pair rate limit or the daily quota of new conversations, 503 while the messaging
kill switch is off (threads stay readable).
"""

from __future__ import annotations

import html
from typing import Annotated
from urllib.parse import quote

from litestar import MediaType, Router, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from core.messaging.commands import (
    AnswerRequest,
    BlockThread,
    FileThread,
    ListInbox,
    MarkRead,
    PostMessage,
    ReportThread,
    SetNoticePreferences,
    StartInquiry,
    Unsubscribe,
    ViewNoticePreferences,
    ViewThread,
)
from core.messaging.model import Folder, Thread
from core.messaging.unsubscribe import MAX_TOKEN_CHARS
from core.shared.errors import InvalidInput
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CommandsDep
from entrypoints.http.routes.messaging_attachments import ROUTES as ATTACHMENT_ROUTES
from entrypoints.http.routes.messaging_stream import stream as live_stream
from entrypoints.shapes.messaging import (
    InboxOut,
    NoticePreferencesIn,
    NoticePreferencesOut,
    PostedOut,
    PostIn,
    ReportIn,
    StartIn,
    ThreadOut,
    ThreadPageOut,
)


def _folder(value: str | None) -> Folder:
    try:
        return Folder(value or Folder.ALL.value)
    except ValueError:
        raise InvalidInput("folder", f"one of {', '.join(f.value for f in Folder)}") from None


@get("/inbox", tags=["messages"], sync_to_thread=True)
def inbox(
    commands: CommandsDep, current_user: CurrentUserDep, folder: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None, cursor: FromQuery[str | None] = None,
) -> InboxOut:  # fmt: skip
    """The caller's threads in ``folder`` (all, action-required, bookings, requests, archived, blocked), latest
    first, with unread counts and the last message's preview; ``q`` searches the caller's own threads; pass
    ``next_cursor`` back as ``cursor`` for the next page."""
    page = commands.handle(ListInbox(actor=current_user, folder=_folder(folder), query=q or "", cursor=cursor))
    return InboxOut.of(page, current_user.user_id or "")


@post("/threads", tags=["messages"], sync_to_thread=True, status_code=201,
      problems=("messaging-restricted", "attachment-in-use"))  # fmt: skip
def start(data: JSONBody[StartIn], commands: CommandsDep, current_user: CurrentUserDep) -> PostedOut:
    """Write to a user or a profile's owner: a message request unless a booking joins you (one thread per pair: a
    second first message joins it)."""
    if (data.recipientUserId is None) == (data.recipientProfileId is None):
        raise InvalidInput("recipientUserId", "give exactly one of recipientUserId and recipientProfileId")
    command = StartInquiry(
        actor=current_user, body=data.body, client_message_id=data.clientMessageId,
        recipient_user_id=data.recipientUserId, recipient_profile_id=data.recipientProfileId,
        attachment_ids=tuple(data.attachmentIds),
    )  # fmt: skip
    return PostedOut.of(commands.handle(command), current_user.user_id or "")


@get("/thread/{thread_id:str}", tags=["messages"], sync_to_thread=True)
def read_thread(
    thread_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep, before: FromQuery[str | None] = None
) -> ThreadPageOut:
    """A page of the thread, newest first; ``before`` (a message id, ``nextBefore``) for older ones."""
    page = commands.handle(ViewThread(actor=current_user, thread_id=thread_id, before=before))
    return ThreadPageOut.of(page, current_user.user_id)


@post("/thread/{thread_id:str}", tags=["messages"], sync_to_thread=True, status_code=201,
      problems=("messaging-restricted", "attachment-in-use"))  # fmt: skip
def post_message(
    thread_id: FromPath[str], data: JSONBody[PostIn], commands: CommandsDep, current_user: CurrentUserDep
) -> PostedOut:
    """Post to the thread; a retry with the same ``clientMessageId`` answers the first message (``replayed``)."""
    command = PostMessage(actor=current_user, thread_id=thread_id, body=data.body,
                          client_message_id=data.clientMessageId, attachment_ids=tuple(data.attachmentIds))  # fmt: skip
    return PostedOut.of(commands.handle(command), current_user.user_id or "")


@post("/thread/{thread_id:str}/report", tags=["messages"], sync_to_thread=True, status_code=202)
def report(
    thread_id: FromPath[str], data: JSONBody[ReportIn], commands: CommandsDep, current_user: CurrentUserDep
) -> dict[str, str]:
    """Report the other party to staff with their messages in question; answers the report's id."""
    command = ReportThread(
        actor=current_user, thread_id=thread_id, reason=data.reason, message_ids=tuple(data.messageIds)
    )
    return {"reportId": commands.handle(command)}


@post("/unsubscribe", tags=["messages"], sync_to_thread=True, status_code=200,
      problems=("unsubscribe-link-invalid",))  # fmt: skip
def unsubscribe(
    commands: CommandsDep, token: Annotated[str, QueryParameter(max_length=MAX_TOKEN_CHARS)]
) -> dict[str, bool]:
    """RFC 8058 one-click unsubscribe (``List-Unsubscribe-Post``): the signed ``token`` of an unread-message
    email's link turns those emails off, without signing in; a link altered or past 90 days is 400. The body a
    mail client sends (``List-Unsubscribe=One-Click``) is not needed."""
    preferences = commands.handle(Unsubscribe(token=token))
    return {"emailConsent": preferences.email_consent}


@get("/unsubscribe", tags=["messages"], media_type=MediaType.HTML, status_code=200)
async def unsubscribe_page(token: Annotated[str, QueryParameter(max_length=MAX_TOKEN_CHARS)]) -> str:
    """The page an email's link opens in a browser: one button that POSTs the same link (a GET changes nothing,
    so link scanners that fetch it unsubscribe no one)."""
    action = html.escape(f"/api/messages/unsubscribe?token={quote(token)}")
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>RastUp: message emails</title></head>'
        f'<body><form method="post" action="{action}"><input type="hidden" name="List-Unsubscribe" '
        'value="One-Click"><p>Stop the emails about unread messages?</p>'
        '<button type="submit">Turn them off</button></form></body></html>'
    )


@get("/notice-preferences", tags=["messages"], sync_to_thread=True)
def notice_preferences(commands: CommandsDep, current_user: CurrentUserDep) -> NoticePreferencesOut:
    """The caller's unread-message email preferences (on, UTC, quiet 22:00-08:00 until they set any)."""
    return NoticePreferencesOut.of(commands.handle(ViewNoticePreferences(actor=current_user)))


@put("/notice-preferences", tags=["messages"], sync_to_thread=True)
def set_notice_preferences(
    data: JSONBody[NoticePreferencesIn], commands: CommandsDep, current_user: CurrentUserDep
) -> NoticePreferencesOut:
    """Turn unread-message emails on or off; set the zone and the quiet hours they are never sent in."""
    command = SetNoticePreferences(actor=current_user, email_consent=data.emailConsent, time_zone=data.timeZone,
                                   quiet_start_minute=data.quietStartMinute,
                                   quiet_end_minute=data.quietEndMinute)  # fmt: skip
    return NoticePreferencesOut.of(commands.handle(command))


def _change(action: str, make: type, **fields: object) -> object:
    """A ``POST /thread/{id}/<action>`` route without a body that hands ``make(actor, thread_id, **fields)`` to
    the bus and answers the thread as the caller now sees it."""

    def change(thread_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep) -> ThreadOut:
        thread: Thread = commands.handle(make(actor=current_user, thread_id=thread_id, **fields))
        return ThreadOut.of(thread, current_user.user_id)

    change.__name__ = change.__qualname__ = action.replace("-", "_")
    change.__doc__ = f"{action.capitalize()} the thread (its parties only)."
    return post(f"/thread/{{thread_id:str}}/{action}", tags=["messages"], sync_to_thread=True, status_code=200)(change)


CHANGES = [
    _change("read", MarkRead),
    _change("archive", FileThread, archived=True),
    _change("unarchive", FileThread, archived=False),
    _change("mute", FileThread, muted=True),
    _change("unmute", FileThread, muted=False),
    _change("block", BlockThread, blocked=True),
    _change("unblock", BlockThread, blocked=False),
    _change("accept", AnswerRequest, accept=True),
    _change("decline", AnswerRequest, accept=False),
]

router = Router(
    "/api/messages",
    route_handlers=[
        inbox,
        start,
        read_thread,
        post_message,
        report,
        notice_preferences,
        set_notice_preferences,
        unsubscribe,
        unsubscribe_page,
        *CHANGES,
        live_stream,
        *ATTACHMENT_ROUTES,
    ],
)

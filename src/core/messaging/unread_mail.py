"""The unread-message email: a sweep that finds threads awaiting a notice, lets ``notices_due`` decide for each
recipient, marks the chosen threads notified and queues one email per recipient naming each thread's sender with a
short preview, its contact details masked.

The preview is the thread's own (``Thread.preview``: what the recipient is shown, never a held message), screened
again so that no contact detail reaches a mailbox. The marks are committed before the email is queued: a notice is
sent at most once per burst, and a crash between the two loses one email rather than sending two.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs

from core.identity.delivery import EmailMessage, EmailSender
from core.messaging.model import Thread
from core.messaging.ports import ContactDetector, Directory, InboxKey, MessagingUnitOfWork
from core.messaging.screening import masked, screen
from core.messaging.unread_notices import HORIZON, QUIET_PERIOD, NoticePreferences, UnreadThread, notices_due
from core.messaging.unsubscribe import UnsubscribeLinks
from core.shared.clock import Clock
from core.shared.errors import VersionConflict

PREVIEW = 80  # characters of a thread's preview in the email
PAGE = 500  # threads read per query
SWEEP = "unread-message-notices"  # its round's name: one process at a time runs it (``core.shared.leadership``)
SETTINGS = "You get this email because message emails are on: turn them off in your message settings."


@attrs.frozen
class NoticeRun:
    """What one sweep did: emails queued, threads named in them, recipients left for a later sweep."""

    emailed: int = 0
    threads: int = 0
    waiting: int = 0


@attrs.frozen
class Mention:
    sender: str
    preview: str


def email_preview(preview: str, detector: ContactDetector) -> str:
    """A thread's preview as the email shows it: contact details masked, at most ``PREVIEW`` characters."""
    shown = masked(preview, screen(preview, detector))
    return shown if len(shown) <= PREVIEW else shown[: PREVIEW - 1].rstrip() + "…"


def unread_email(address: str, mentions: Sequence[Mention], unsubscribe: str | None = None,
                 links: UnsubscribeLinks | None = None) -> EmailMessage:  # fmt: skip
    """One email naming each thread's sender and preview, in text and HTML; with an ``unsubscribe`` link (made by
    ``links``), that link in the text and as RFC 8058's ``List-Unsubscribe`` headers (one-click)."""
    count = len(mentions)
    subject = "RastUp: 1 conversation has unread messages" if count == 1 else (
        f"RastUp: {count} conversations have unread messages")  # fmt: skip
    lines = [f"- {m.sender}: {m.preview}" for m in mentions]
    off = [] if unsubscribe is None else [f"Turn these emails off with one click: {unsubscribe}"]
    text = "\n".join(
        ["You have unread messages on RastUp.", "", *lines, "", "Read and reply in your inbox.", "", SETTINGS, *off]
    )
    items = "".join(f"<li><strong>{html.escape(m.sender)}</strong>: {html.escape(m.preview)}</li>" for m in mentions)
    off_html = "" if unsubscribe is None else (
        f'<p><a href="{html.escape(unsubscribe)}">Turn these emails off</a> (one click).</p>')  # fmt: skip
    body = (f"<p>You have unread messages on RastUp.</p><ul>{items}</ul><p>Read and reply in your inbox.</p>"
            f"<p>{SETTINGS}</p>{off_html}")  # fmt: skip
    page = f'<!doctype html><html><body style="font-family:sans-serif">{body}<p>RastUp</p></body></html>'
    headers = () if unsubscribe is None or links is None else links.headers(unsubscribe)
    return EmailMessage(address, subject, text, page, headers)


def _waiting(
    new_uow: Callable[[], MessagingUnitOfWork], since: datetime, until: datetime, page_size: int
) -> dict[str, list[str]]:
    """Recipient -> ids of their threads awaiting a notice, read ``page_size`` at a time (oldest first)."""
    by_user: dict[str, list[str]] = {}
    after = InboxKey(since, "")  # no id sorts before "": the first page starts at ``since`` itself
    while True:
        uow = new_uow()
        with uow.reading():
            page = uow.threads.awaiting_notice(after, until, page_size)
        for thread in page:
            for user in thread.awaiting_notice():
                by_user.setdefault(user, []).append(thread.id)
        if len(page) < page_size:
            return by_user
        after = InboxKey(page[-1].last_message_at, page[-1].id)


def _notify(user: str, thread_ids: list[str], new_uow: Callable[[], MessagingUnitOfWork], directory: Directory,
            now: datetime, quiet: timedelta) -> tuple[str, list[Thread]] | None:  # fmt: skip
    """Mark the threads due for ``user`` notified (one unit of work); their address and those threads, or ``None``
    when nothing is due or they have no address."""
    address = directory.address_of(user)
    uow = new_uow()
    with uow:
        prefs = uow.notice_preferences.get(user) or NoticePreferences(user)
        threads = [uow.threads.get(thread_id) for thread_id in thread_ids]
        due = set(notices_due([UnreadThread.of(t, user) for t in threads], prefs, now, quiet))
        chosen = [t for t in threads if t.id in due]
        if address is None or not chosen:
            return None
        for thread in chosen:
            thread.notified(user, now)
            uow.threads.save(thread)
        uow.commit()
    return address, chosen


def notify_unread(
    new_uow: Callable[[], MessagingUnitOfWork],
    directory: Directory,
    email: EmailSender,
    clock: Clock,
    detector: ContactDetector,
    quiet: timedelta = QUIET_PERIOD,
    page_size: int = PAGE,
    links: UnsubscribeLinks | None = None,
) -> NoticeRun:
    """One sweep: each recipient with threads quiet for ``quiet`` and awaiting a notice gets at most one email,
    each of those threads at most one notice per unread burst. Idempotent: a rerun sends nothing twice; a recipient
    in their quiet hours (or whose thread moved meanwhile) is left for a later sweep."""
    now = clock.now()
    emailed = threads = waiting = 0
    for user, thread_ids in sorted(_waiting(new_uow, now - HORIZON, now - quiet, page_size).items()):
        try:
            notice = _notify(user, thread_ids, new_uow, directory, now, quiet)
        except VersionConflict:  # a message or a read moved a thread meanwhile: the next sweep decides again
            notice = None
        if notice is None:
            waiting += 1
            continue
        address, chosen = notice
        names = [directory.name_of(t.other(user).user_id) for t in chosen]
        mentions = [Mention(name, email_preview(t.preview, detector)) for name, t in zip(names, chosen, strict=True)]
        unsubscribe = None if links is None else links.link(user, now)
        email.send(unread_email(address, mentions, unsubscribe, links))
        emailed, threads = emailed + 1, threads + len(chosen)
    return NoticeRun(emailed, threads, waiting)

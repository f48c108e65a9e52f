"""Messaging events, past tense: what the live stream and the unread notices react to."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.shared.events import Event


@attrs.frozen(kw_only=True)
class MessagePosted(Event):
    """A message reached a thread (a held one reaches its sender only: ``to`` is empty then)."""

    thread_id: str
    message_id: str
    sender_id: str | None
    to: tuple[str, ...]
    sent_at: datetime

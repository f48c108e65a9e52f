"""Calendar handlers for the export feed: issue, rotate, revoke, read by token, record a booking."""

from __future__ import annotations

from datetime import datetime

from core.calendar.commands import CreateExportFeed, RevokeExportFeed, RotateExportToken
from core.calendar.export import ExportEvent, ExportFeed, token_digest
from core.calendar.model import Interval
from core.calendar.ports import CalendarUnitOfWork, ExportTokens
from core.profiles.visibility import changed_by
from core.shared.clock import Clock
from core.shared.errors import AlreadyExists, NotFound

TOKEN_BYTES = 32  # 256 bits, 43 URL-safe characters


def _unissued(owner_id: str, now: datetime) -> ExportFeed:
    """A feed that collects events before any URL exists; its digest matches no token."""
    return ExportFeed(owner_id, f"unissued:{owner_id}", now, revoked_at=now)


def _issued(feed: ExportFeed | None) -> bool:
    return feed is not None and not feed.token_digest.startswith("unissued:")


def create_export_feed(
    cmd: CreateExportFeed, uow: CalendarUnitOfWork, clock: Clock, tokens: ExportTokens
) -> tuple[ExportFeed, str]:
    """Issue the owner's export feed and return it with its token (shown once, stored only as a digest).

    Re-issues a revoked feed with a fresh token, keeping its events. Raises ``NotFound`` for an unknown profile
    and one the actor may not change, and ``AlreadyExists`` while an active feed exists (rotate it instead).
    """
    owner_id = cmd.owner_id
    with uow:
        changed_by(uow.profiles.get(owner_id), cmd.actor)
        now, token = clock.now(), tokens.new_token(TOKEN_BYTES)
        feed = uow.exports.for_owner(owner_id)
        if feed is None:
            feed = ExportFeed.issue(owner_id, token, now)
        elif feed.revoked_at is None:
            raise AlreadyExists("calendar export feed", owner_id)
        else:
            feed.rotate(token, now)
        uow.exports.save(feed)
        uow.commit()
        return feed, token


def rotate_export_token(
    cmd: RotateExportToken, uow: CalendarUnitOfWork, clock: Clock, tokens: ExportTokens
) -> tuple[ExportFeed, str]:
    """Replace the token: the old URL stops working at once, UIDs and SEQUENCEs stay. Raises ``NotFound`` for
    an unknown profile and one the actor may not change, then if the owner never had a feed."""
    with uow:
        changed_by(uow.profiles.get(cmd.owner_id), cmd.actor)
        feed = uow.exports.for_owner(cmd.owner_id)
        if feed is None or not _issued(feed):
            raise NotFound("calendar export feed", cmd.owner_id)
        token = tokens.new_token(TOKEN_BYTES)
        feed.rotate(token, clock.now())
        uow.exports.save(feed)
        uow.commit()
        return feed, token


def revoke_export_feed(cmd: RevokeExportFeed, uow: CalendarUnitOfWork, clock: Clock) -> None:
    """Stop serving the owner's feed (idempotent). Raises ``NotFound`` for an unknown profile and one the actor
    may not change, then if there never was a feed."""
    with uow:
        changed_by(uow.profiles.get(cmd.owner_id), cmd.actor)
        feed = uow.exports.for_owner(cmd.owner_id)
        if feed is None or not _issued(feed):
            raise NotFound("calendar export feed", cmd.owner_id)
        feed.revoke(clock.now())
        uow.exports.save(feed)
        uow.commit()


def export_feed_for_token(token: str, uow: CalendarUnitOfWork) -> ExportFeed:
    """The active feed behind ``token``. Raises ``NotFound`` alike for unknown and revoked tokens, so a
    URL never tells whether it once worked."""
    with uow.reading():
        feed = uow.exports.by_token_digest(token_digest(token))
        if feed is None or not feed.accepts(token):
            raise NotFound("calendar export feed", "token")
        return feed


def record_booking_for_export(
    owner_id: str, booking_id: str, when: Interval, summary: str, confirmed: bool,
    uow: CalendarUnitOfWork, clock: Clock,
) -> ExportEvent | None:  # fmt: skip
    """Bring the booking's event in the owner's export feed up to date (for the booking context to call
    when a booking is confirmed, moved or cancelled). Events are kept even before a feed is issued."""
    with uow:
        now = clock.now()
        feed = uow.exports.for_owner(owner_id) or _unissued(owner_id, now)
        event = feed.record_booking(booking_id, when, summary, confirmed, now)
        uow.exports.save(feed)
        uow.commit()
        return event

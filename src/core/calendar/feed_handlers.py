"""Calendar handlers for imported feeds: subscribe, upload, remove, list, and sync (one or all due).

Each change records a feed event; the message bus refreshes the owner's availability row once the change has
committed (``core.calendar.on_events``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from core.calendar.commands import ImportFeedFile, RemoveFeed, SubscribeFeed
from core.calendar.errors import FeedTooLarge, ScheduleUnreadable
from core.calendar.events import FeedImported, FeedRemoved, FeedSynced
from core.calendar.feed_urls import parse_feed_url, without_credentials
from core.calendar.feeds import CalendarFeed, FeedFetchFailed
from core.calendar.limits import plain_text
from core.calendar.ports import BusyParserForZone, CalendarUnitOfWork, FeedAddressPolicy, FeedFetcher
from core.calendar.sync import IMPORT_HORIZON, sync_feed
from core.profiles.visibility import changed_by
from core.shared.actor import Actor
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput, NotFound

MAX_UPLOAD_BYTES = 5_000_000
DUE_AT_ONCE = 10_000


@attrs.frozen
class FeedSyncResult:
    """How one feed's sync went: ``failure`` is a recorded fetch or parse failure, ``error`` an unexpected
    one that stopped this feed's sync (the batch goes on); both ``None`` on success."""

    feed_id: str
    owner_id: str
    url: str  # without credentials (older rows may hold some): fit for logs
    failure: FeedFetchFailed | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None and self.error is None


def _zone_of(uow: CalendarUnitOfWork, owner_id: str) -> str:
    """The zone floating and all-day imported times are read in: the owner's schedule's, else UTC (also
    while a stored schedule cannot be read: the feed's busy time is still worth having)."""
    try:
        return uow.schedules.get(owner_id).schedule.zone
    except (NotFound, ScheduleUnreadable):
        return "UTC"


def _checked_url(url: str, addresses: FeedAddressPolicy) -> str:
    """``url`` if it could ever be fetched; ``InvalidInput("url", ...)`` for what never would be: bad syntax,
    credentials, a host that is or resolves to a non-public address (the policy resolves; the core does not)."""
    reason = addresses.refusal(parse_feed_url(url))
    if reason is not None:
        raise InvalidInput("url", reason)
    return url.strip()


def subscribe_feed(
    cmd: SubscribeFeed, uow: CalendarUnitOfWork, clock: Clock, ids: IdGenerator,
    fetcher: FeedFetcher, parser_for: BusyParserForZone, addresses: FeedAddressPolicy,
) -> CalendarFeed:  # fmt: skip
    """Subscribe the owner to an ICS feed and sync it once right away; returns the feed after that
    first attempt (a failure is recorded on the feed, not raised). Raises ``NotFound`` for an unknown profile and
    one the actor may not change, then ``InvalidInput`` (a URL that would never be fetched, checked before anything
    is stored).

    The address check resolves the host, so it runs outside any transaction; the owner is checked before it too,
    so a stranger learns nothing about a URL and never makes the server look a name up, and again where it counts,
    in the unit that stores the feed."""
    with uow.reading():
        changed_by(uow.profiles.get(cmd.owner_id), cmd.actor)
    url = _checked_url(cmd.url, addresses)
    with uow:
        changed_by(uow.profiles.get(cmd.owner_id), cmd.actor)
        feed = CalendarFeed.subscribe(ids.new_id("calfeed"), cmd.owner_id, url, clock.now())
        uow.feeds.add(feed)
        uow.record(FeedImported(cmd.owner_id, feed.feed_id))
        uow.commit()
    return sync_one(feed.feed_id, uow, clock, fetcher, parser_for)


def import_feed_file(
    cmd: ImportFeedFile, uow: CalendarUnitOfWork, clock: Clock, ids: IdGenerator, parser_for: BusyParserForZone
) -> CalendarFeed:
    """Import an uploaded ICS file's busy time (the next 90 days) once. Raises ``NotFound`` for an unknown
    profile and one the actor may not change, then ``FeedMalformed`` (or ``FeedTooLarge``) for a file that is not
    a usable calendar and ``InvalidInput`` naming ``name``."""
    with uow:
        changed_by(uow.profiles.get(cmd.owner_id), cmd.actor)
        name = plain_text("name", cmd.name.strip() or "calendar.ics")
        if len(cmd.body) > MAX_UPLOAD_BYTES:
            raise FeedTooLarge(MAX_UPLOAD_BYTES, "bytes")
        now = clock.now()
        busy = parser_for(_zone_of(uow, cmd.owner_id)).parse_busy(cmd.body, now, now + IMPORT_HORIZON)
        feed = CalendarFeed.uploaded(ids.new_id("calfeed"), cmd.owner_id, name, tuple(busy), now)
        uow.feeds.add(feed)
        uow.record(FeedImported(cmd.owner_id, feed.feed_id))
        uow.commit()
    return feed


def list_feeds(owner_id: str, actor: Actor, uow: CalendarUnitOfWork) -> Sequence[CalendarFeed]:
    """The owner's feeds with their status and last error; their URLs may hold private tokens, so they are the
    owner's (and the operator's) alone. Raises ``NotFound`` for anyone else, as for an unknown profile."""
    with uow.reading():
        changed_by(uow.profiles.get(owner_id), actor)
        return uow.feeds.for_owner(owner_id)


def remove_feed(cmd: RemoveFeed, uow: CalendarUnitOfWork) -> None:
    """Forget one of the owner's feeds and its busy time. Raises ``NotFound`` naming the profile (unknown, or one
    the actor may not change), then naming the feed if it is not the profile's."""
    with uow:
        changed_by(uow.profiles.get(cmd.owner_id), cmd.actor)
        if uow.feeds.get(cmd.feed_id).owner_id != cmd.owner_id:
            raise NotFound("calendar feed", cmd.feed_id)
        uow.feeds.remove(cmd.feed_id)
        uow.record(FeedRemoved(cmd.owner_id, cmd.feed_id))
        uow.commit()


def sync_one(
    feed_id: str, uow: CalendarUnitOfWork, clock: Clock, fetcher: FeedFetcher, parser_for: BusyParserForZone
) -> CalendarFeed:
    """Fetch and apply one feed. The download runs outside any transaction; a feed removed meanwhile
    is left removed. Never raises for a bad feed: the failure is recorded on it."""
    with uow:
        feed = uow.feeds.get(feed_id)
        zone = _zone_of(uow, feed.owner_id)
    failure = sync_feed(feed, fetcher, parser_for(zone), clock.now())
    with uow:
        try:
            uow.feeds.save(feed)
        except NotFound:
            return feed
        uow.record(FeedSynced(feed.owner_id, feed_id, failure is not None))
        uow.commit()
    return feed


def sync_due_feeds(
    uow: CalendarUnitOfWork, clock: Clock, fetcher: FeedFetcher, parser_for: BusyParserForZone,
    started: Callable[[int], None] | None = None, progress: Callable[[FeedSyncResult], None] | None = None,
) -> list[FeedSyncResult]:  # fmt: skip
    """Sync every feed due now, one after the other; ``started`` is told how many, ``progress`` each result.
    A feed whose sync raises is reported in its result and skipped; the others are still synced."""
    with uow:
        due = list(uow.feeds.due(clock.now(), DUE_AT_ONCE))
    if started is not None:
        started(len(due))
    results = []
    for feed in due:
        url = without_credentials(feed.url)
        try:
            synced = sync_one(feed.feed_id, uow, clock, fetcher, parser_for)
        except Exception as error:  # one feed that breaks the sync must not stop it for every later feed
            result = FeedSyncResult(feed.feed_id, feed.owner_id, url, None, f"{type(error).__name__}: {error}")
        else:
            result = FeedSyncResult(feed.feed_id, feed.owner_id, url, synced.last_error)
        results.append(result)
        if progress is not None:
            progress(result)
    return results

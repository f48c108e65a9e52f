"""Imported feeds with their busy events, and export feeds with their events, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Dialect,
    Row,
    Select,
    and_,
    bindparam,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.types import NullType

from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one, one_of, update_existing
from adapters.sqlalchemy.tables.calendar import (
    calendar_export_events,
    calendar_export_feeds,
    calendar_feed_events,
    calendar_feeds,
)
from adapters.sqlalchemy.types import instants_as_read
from core.calendar.export import ExportEvent, ExportFeed, ExportStatus
from core.calendar.feeds import CalendarFeed, FeedFetchFailed, FeedSource, FetchFailure
from core.calendar.model import BusyInterval
from core.calendar.timeline import Span, ceil_seconds, floor_seconds


def _feed_row(feed: CalendarFeed) -> dict[str, Any]:
    error = feed.last_error
    return {
        "id": feed.feed_id, "owner_id": feed.owner_id, "source": feed.source.value, "url": feed.url,
        "status": feed.status.value, "etag": feed.etag, "last_modified": feed.last_modified,
        "last_error_kind": error.failure.value if error else None, "last_error_detail": error.detail if error else None,
        "consecutive_failures": feed.consecutive_failures, "last_synced_at": feed.last_synced_at,
        "next_attempt_at": feed.next_attempt_at,
    }  # fmt: skip


def _feed_from(row: Row[Any], busy: Sequence[BusyInterval]) -> CalendarFeed:
    error = None
    if row.last_error_kind is not None:
        error = FeedFetchFailed(FetchFailure(row.last_error_kind), row.last_error_detail or "")
    return CalendarFeed(
        feed_id=row.id, owner_id=row.owner_id, url=row.url, busy=tuple(busy), etag=row.etag,
        last_modified=row.last_modified, last_error=error, consecutive_failures=row.consecutive_failures,
        last_synced_at=row.last_synced_at, next_attempt_at=row.next_attempt_at, source=FeedSource(row.source),
    )  # fmt: skip


_BUSY_OF_OWNERS: dict[str, Select[Any]] = {}


def _busy_of_owners(dialect: Dialect) -> Select[Any]:
    """The imported-busy-time statement for ``dialect``, built once (an availability read runs it every request)."""
    built = _BUSY_OF_OWNERS.get(dialect.name)
    if built is None:  # per dialect: instants are read as stored on PostgreSQL
        events = calendar_feed_events.c
        start_at, end_at = instants_as_read(events.start_at, dialect), instants_as_read(events.end_at, dialect)
        built = _BUSY_OF_OWNERS[dialect.name] = (
            select(events.owner_id, events.uid, start_at, end_at)
            .where(events.owner_id.in_(bindparam("owners", expanding=True)))
            .where(events.start_at < bindparam("end"), events.end_at > bindparam("start"))
            .order_by(events.owner_id, events.start_at, events.end_at, events.uid)
        )
    return built


_FLOAT_EXACT = (datetime(1970, 1, 1, tzinfo=UTC), datetime(2106, 1, 1, tzinfo=UTC))


def _whole_seconds(rounded: Any, column: Any) -> Any:
    """``rounded`` (floor or ceil) epoch seconds of a ``timestamptz`` column, exactly, as a bigint (PostgreSQL).

    ``date_part`` divides the microseconds in double precision, a fifth of the statement's time cheaper than
    ``extract``'s numeric; the quotient is exact to well under a microsecond (so rounds to the same whole second)
    while the seconds stay below 2**32, hence numeric outside 1970 .. 2106."""
    low, high = _FLOAT_EXACT
    return case(
        (and_(column >= low, column < high), cast(rounded(func.date_part("epoch", column)), BigInteger)),
        else_=cast(rounded(extract("epoch", column)), BigInteger),
    )


class SqlAlchemyCalendarFeedRepository(OnConnection):
    """The ``CalendarFeedRepository`` and the ``ImportedEventStore`` over the same two tables."""

    def _with_busy(self, rows: Sequence[Row[Any]]) -> list[CalendarFeed]:
        busy: dict[str, list[BusyInterval]] = {row.id: [] for row in rows}
        if rows:
            query = (
                select(calendar_feed_events)
                .where(calendar_feed_events.c.feed_id.in_(list(busy)))
                .order_by(calendar_feed_events.c.feed_id, calendar_feed_events.c.position)
            )
            for event in self._connection.execute(query):
                busy[event.feed_id].append(BusyInterval.imported(event.start_at, event.end_at, event.uid))
        return [_feed_from(row, busy[row.id]) for row in rows]

    def _write_busy(self, feed: CalendarFeed) -> None:
        self._connection.execute(delete(calendar_feed_events).where(calendar_feed_events.c.feed_id == feed.feed_id))
        if feed.busy:
            rows = [
                {"feed_id": feed.feed_id, "position": i, "owner_id": feed.owner_id, "uid": b.reference,
                 "start_at": b.start, "end_at": b.end}
                for i, b in enumerate(feed.busy)
            ]  # fmt: skip
            self._connection.execute(insert(calendar_feed_events), rows)

    def get(self, feed_id: str) -> CalendarFeed:
        return self._with_busy([one(self._connection, calendar_feeds, "calendar feed", feed_id)])[0]

    def add(self, feed: CalendarFeed) -> None:
        insert_new(self._connection, calendar_feeds, _feed_row(feed), "calendar feed", feed.feed_id)
        self._write_busy(feed)

    def save(self, feed: CalendarFeed) -> None:
        values = _feed_row(feed)
        del values["id"]
        update_existing(self._connection, calendar_feeds, "calendar feed", feed.feed_id, values)
        self._write_busy(feed)

    def remove(self, feed_id: str) -> None:
        self._connection.execute(delete(calendar_feed_events).where(calendar_feed_events.c.feed_id == feed_id))
        self._connection.execute(delete(calendar_feeds).where(calendar_feeds.c.id == feed_id))

    def due(self, now: datetime, limit: int) -> Sequence[CalendarFeed]:
        query = (
            select(calendar_feeds)
            .where(calendar_feeds.c.source == FeedSource.URL.value, calendar_feeds.c.next_attempt_at <= now)
            .order_by(calendar_feeds.c.next_attempt_at, calendar_feeds.c.id)
            .limit(limit)
        )
        return self._with_busy(self._connection.execute(query).all())

    def for_owner(self, owner_id: str) -> Sequence[CalendarFeed]:
        query = select(calendar_feeds).where(calendar_feeds.c.owner_id == owner_id).order_by(calendar_feeds.c.id)
        return self._with_busy(self._connection.execute(query).all())

    def busy_between(self, owner_id: str, start: datetime, end: datetime) -> list[BusyInterval]:
        return self.busy_of_owners([owner_id], start, end).get(owner_id, [])

    def busy_of_owners(self, owner_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, list[BusyInterval]]:
        query, values = (
            _busy_of_owners(self._connection.dialect),
            {"owners": list(owner_ids), "start": start, "end": end},
        )
        found: dict[str, list[BusyInterval]] = {}
        imported = BusyInterval.imported
        for owner_id, uid, start_at, end_at in self._connection.execute(query, values).all():  # one fetch, unpacked
            found.setdefault(owner_id, []).append(imported(start_at, end_at, uid))
        return found

    def busy_seconds_of_owners(self, owner_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, list[Span]]:
        """On PostgreSQL one row per owner: its events' floor/ceil epoch seconds as two integer arrays (a handful
        of rows to fetch instead of one per event); elsewhere ``busy_of_owners`` converted."""
        if self._connection.dialect.name != "postgresql":
            return {owner: [(floor_seconds(b.start), ceil_seconds(b.end)) for b in busy]
                    for owner, busy in self.busy_of_owners(owner_ids, start, end).items()}  # fmt: skip
        events = calendar_feed_events.c
        # unordered: both aggregates are fed each row of the group in the same order, so the arrays pair up (the
        # engine sorts the spans itself); ordering them cost more than half the statement's time
        # typeless: SQLAlchemy's ARRAY would copy each of the driver's lists again
        lows = type_coerce(func.array_agg(_whole_seconds(func.floor, events.start_at)), NullType())
        highs = type_coerce(func.array_agg(_whole_seconds(func.ceil, events.end_at)), NullType())
        query = (
            select(events.owner_id, lows, highs)
            .where(one_of(self._connection, events.owner_id, owner_ids), events.start_at < end, events.end_at > start)
            .group_by(events.owner_id)
        )
        return {owner: list(zip(low, high, strict=True)) for owner, low, high in self._connection.execute(query)}


class SqlAlchemyExportFeedRepository(OnConnection):
    def _feed(self, condition: Any) -> ExportFeed | None:
        row = self._connection.execute(select(calendar_export_feeds).where(condition)).one_or_none()
        if row is None:
            return None
        query = select(calendar_export_events).where(calendar_export_events.c.owner_id == row.owner_id)
        events = {
            e.booking_id: ExportEvent(e.uid, e.booking_id, e.start_at, e.end_at, e.summary, ExportStatus(e.status),
                                      e.sequence, e.updated_at)
            for e in self._connection.execute(query)
        }  # fmt: skip
        return ExportFeed(row.owner_id, row.token_digest, row.issued_at, row.revoked_at, events)

    def for_owner(self, owner_id: str) -> ExportFeed | None:
        return self._feed(calendar_export_feeds.c.owner_id == owner_id)

    def by_token_digest(self, digest: str) -> ExportFeed | None:
        return self._feed(calendar_export_feeds.c.token_digest == digest)

    def save(self, feed: ExportFeed) -> None:
        values = {"token_digest": feed.token_digest, "issued_at": feed.issued_at, "revoked_at": feed.revoked_at}
        table = calendar_export_feeds
        if (
            self._connection.execute(update(table).where(table.c.owner_id == feed.owner_id).values(values)).rowcount
            == 0
        ):
            self._connection.execute(insert(table).values(owner_id=feed.owner_id, **values))
        events = calendar_export_events
        self._connection.execute(delete(events).where(events.c.owner_id == feed.owner_id))
        if feed.events:
            rows = [
                {"owner_id": feed.owner_id, "booking_id": e.booking_id, "uid": e.uid, "start_at": e.start,
                 "end_at": e.end, "summary": e.summary, "status": e.status.value, "sequence": e.sequence,
                 "updated_at": e.updated_at}
                for e in feed.events.values()
            ]  # fmt: skip
            self._connection.execute(insert(events), rows)

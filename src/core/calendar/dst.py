"""DST policy: how the wall-clock windows of a local date become real UTC intervals.

Rules are wall-clock intent. The policy, which every function of the engine follows:

1. A window ``[start, end)`` on local date D covers exactly the real instants whose wall-clock reading
   in the owner's zone falls on date D at a time in ``[start, end)`` (an ``end`` of 00:00 means the
   midnight that ends D).
2. Spring forward (a skipped stretch, e.g. 02:00-03:00): no instant reads a skipped time, so a window
   whose start falls in the gap starts at the first valid instant after the gap (the transition
   instant, which reads 03:00), and a window that spans the gap is shorter in real time by the gap
   (01:00-04:00 is 2 real hours; 09:00-17:00 is still 8 hours because it does not span 02:00).
   A window lying wholly inside the gap is closed that day.
3. Fall back (a repeated stretch, e.g. 01:00-02:00 read twice): both passes are covered, so a window
   spanning the repeated hour is longer in real time (01:00-03:00 on a US fall-back day is 3 real
   hours). A window wholly inside the repeated stretch (01:15-01:45) is open twice, as two intervals.
4. Slot starts lie on the local wall-clock grid: minutes since local midnight, read with the offset in
   force at that instant, are a multiple of the granularity. Slots are returned as aware UTC instants,
   so they are never ambiguous; an ambiguous local reading renders as ``fold=0`` on the first pass and
   ``fold=1`` on the second, which is exactly what ``slot.astimezone(zone)`` returns.
5. A local day runs from the first instant reading D to the first instant reading D+1: 23, 24 or 25
   real hours (23.5 / 24.5 in half-hour-DST zones).

Consequence: the local rendering of every returned slot start lies inside a window of the rules.
Assumption: a zone changes its offset at most once in any 72 hours, which holds for every tzdata zone
in the years we serve (checked by the DST tests for the zones we name).
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

DAY = 86_400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SECOND = timedelta(seconds=1)

Segment = tuple[int, int, int]  # [lo, hi) in UTC epoch seconds, and the UTC offset in seconds


def offset_at(tz: ZoneInfo, instant: int) -> int:
    """The UTC offset (seconds) of ``tz`` at UTC epoch second ``instant``."""
    offset = datetime.fromtimestamp(instant, tz).utcoffset()
    assert offset is not None  # a ZoneInfo always answers for an aware datetime
    return offset // _SECOND


def _transition(tz: ZoneInfo, lo: int, hi: int, before: int) -> int:
    """The first second in ``(lo, hi]`` whose offset differs from ``before`` (binary search)."""
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if offset_at(tz, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


@functools.lru_cache(maxsize=200_000)
def day_segments(tz: ZoneInfo, day: date) -> tuple[Segment, ...]:
    """The real instants whose local date is ``day``, as stretches of constant offset, in order."""
    midnight = (day.toordinal() - EPOCH_ORDINAL) * DAY  # local midnight as if the zone were UTC
    early, late = midnight - DAY, midnight + 2 * DAY
    first, last = offset_at(tz, early), offset_at(tz, late)
    if first == last:
        return ((midnight - first, midnight + DAY - first, first),)
    switch = _transition(tz, early, late, first)
    pieces = (
        (midnight - first, min(midnight + DAY - first, switch), first),
        (max(midnight - last, switch), midnight + DAY - last, last),
    )
    return tuple(piece for piece in pieces if piece[0] < piece[1])


def day_bounds(tz: ZoneInfo, day: date) -> tuple[int, int]:
    """UTC epoch seconds ``[first instant reading day, first instant reading the next day)``."""
    segments = day_segments(tz, day)
    return segments[0][0], segments[-1][1]


def window_intervals(tz: ZoneInfo, day: date, start_minute: int, end_minute: int) -> list[tuple[int, int]]:
    """The real UTC intervals (epoch seconds) covered by a wall-clock window on ``day`` (policy 1-3)."""
    midnight = (day.toordinal() - EPOCH_ORDINAL) * DAY
    out: list[tuple[int, int]] = []
    for lo, hi, offset in day_segments(tz, day):
        start = max(midnight + start_minute * 60 - offset, lo)
        end = min(midnight + end_minute * 60 - offset, hi)
        if start < end:
            out.append((start, end))
    return out


class OffsetTimeline:
    """The offsets in force over a run of local days, looked up by bisection (no zone calls).

    Kept as the instants at which the offset changes (none or one in most runs of days) and the offset in
    force from each, so a lookup bisects a list of a few entries.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.changes: list[int] = []  # instants at which the offset changes, in order
        self.offsets: list[int] = [segments[0][2] if segments else 0]  # offsets[i]: in force before changes[i]
        for (_, _, before), (lo, _, after) in pairwise(segments):
            if after != before:
                self.changes.append(lo)
                self.offsets.append(after)

    @classmethod
    def for_days(cls, tz: ZoneInfo, first: date, count: int) -> OffsetTimeline:
        return _timeline(tz, first, count)

    def offset_at(self, instant: int) -> int:
        return self.offsets[bisect_right(self.changes, instant)] if self.changes else self.offsets[0]

    def changes_within(self, lo: int, hi: int) -> list[int]:
        """Instants in ``(lo, hi]`` at which the offset changes."""
        changes = self.changes
        return changes[bisect_right(changes, lo) : bisect_right(changes, hi)] if changes else []


@functools.lru_cache(maxsize=4096)
def _timeline(tz: ZoneInfo, first: date, count: int) -> OffsetTimeline:
    """One timeline per zone and run of days (every owner of a zone shares it; it is never changed)."""
    days = (first + timedelta(days=i) for i in range(count))
    return OffsetTimeline([segment for day in days for segment in day_segments(tz, day)])

"""Interval arithmetic on UTC epoch seconds over sorted lists: merge, subtract, clip, grid."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)

Span = tuple[int, int]


def floor_seconds(instant: datetime) -> int:
    """Whole UTC epoch seconds at or before ``instant`` (which must be aware)."""
    return (instant - EPOCH) // _SECOND


def ceil_seconds(instant: datetime) -> int:
    """Whole UTC epoch seconds at or after ``instant`` (which must be aware)."""
    return -((EPOCH - instant) // _SECOND)


def seconds_of(span: timedelta) -> int:
    return span // _SECOND


def instant(seconds: int) -> datetime:
    """The aware UTC instant ``seconds`` after the epoch."""
    return EPOCH + timedelta(seconds=seconds)


def merge_touching(spans: Iterable[Span]) -> list[Span]:
    """Union of half-open ``[a, b)`` spans; spans that touch are joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def merge_open(holes: Iterable[Span]) -> list[Span]:
    """Union of open ``(x, y)`` holes; holes that only touch stay apart (the shared point is free)."""
    merged: list[Span] = []
    for start, end in sorted(holes):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract_open(ranges: list[Span], holes: list[Span]) -> list[Span]:
    """Closed ``[a, b]`` ranges (sorted, disjoint) minus open holes (sorted, disjoint): closed ranges."""
    out: list[Span] = []
    append, count, first = out.append, len(holes), 0  # the engine's hottest loop: no call it can spare
    for start, end in ranges:
        while first < count and holes[first][1] <= start:
            first += 1
        cursor = start
        index = first
        while index < count and cursor <= end:
            low, high = holes[index]
            if low >= end:
                break
            if low >= cursor:
                append((cursor, low))
            if high > cursor:
                cursor = high
            index += 1
        if cursor <= end:
            append((cursor, end))
    return out


def clip(ranges: list[Span], low: int, high: int) -> list[Span]:
    """Closed ranges cut to ``[low, high]`` (those left empty dropped)."""
    if low > high:
        return []
    return [(a if a > low else low, b if b < high else high) for a, b in ranges if a <= b and a <= high and b >= low]

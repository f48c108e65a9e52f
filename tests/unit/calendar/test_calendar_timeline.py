"""The interval arithmetic the engine runs on, against the sets of whole seconds it stands for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.calendar.timeline import Span, clip, merge_open, merge_touching, subtract_open

seconds = st.integers(min_value=-20, max_value=60)
spans = st.lists(st.tuples(seconds, seconds).map(sorted).map(tuple), max_size=8)


def _closed(ranges: list[Span]) -> set[int]:
    return {t for a, b in ranges for t in range(a, b + 1)}


def _open(holes: list[Span]) -> set[float]:  # halves too: an open hole (x, x + 1) still covers x + 0.5
    return {t / 2 for a, b in holes for t in range(2 * a + 1, 2 * b)}


@given(ranges=spans, low=seconds, high=seconds)
def test_clip_keeps_what_lies_within_the_bounds(ranges: list[Span], low: int, high: int) -> None:
    ranges = merge_touching((a, b + 1) for a, b in ranges)  # sorted and disjoint, as the engine's are
    ranges = [(a, b - 1) for a, b in ranges]
    clipped = clip(ranges, low, high)
    assert _closed(clipped) == {t for t in _closed(ranges) if low <= t <= high}
    assert all(a <= b for a, b in clipped) and clipped == sorted(clipped)


@given(ranges=spans, holes=spans)
def test_subtract_open_removes_exactly_the_open_holes(ranges: list[Span], holes: list[Span]) -> None:
    ranges = [(a, b - 1) for a, b in merge_touching((a, b + 1) for a, b in ranges)]  # sorted, disjoint, closed
    holes = merge_open(holes)
    left = subtract_open(ranges, holes)
    doubled = {t / 2 for a, b in ranges for t in range(2 * a, 2 * b + 1)} - _open(holes)
    assert {t / 2 for a, b in left for t in range(2 * a, 2 * b + 1)} == doubled
    assert all(a <= b for a, b in left) and left == sorted(left)

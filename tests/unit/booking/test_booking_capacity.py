"""The capacity rule: blocking bookings of one provider or studio never overlap, buffers included."""

from __future__ import annotations

from datetime import timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from core.booking.capacity import blocked_window, conflicts, first_conflict
from core.booking.model import Booking
from core.booking.states import BookingState
from tests.unit.booking.booking_builders import new_booking

BASE = new_booking(instant=True)


def at(
    offset_minutes: int,
    minutes: int = 60,
    *,
    booking_id: str = "bkg_2",
    provider: str = "prv_1",
    studio: str | None = None,
    buffer: int = 0,
    state: BookingState = BookingState.HELD,
) -> Booking:
    start = BASE.start + timedelta(minutes=offset_minutes)
    return attrs.evolve(
        BASE,
        id=booking_id,
        provider_id=provider,
        studio_id=studio,
        start=start,
        end=start + timedelta(minutes=minutes),
        buffer_before=timedelta(minutes=buffer),
        buffer_after=timedelta(minutes=buffer),
        state=state,
        timeline=[],
    )


def test_overlap_of_the_same_provider_conflicts() -> None:
    assert conflicts(at(0, booking_id="a"), at(30))
    assert not conflicts(at(0, booking_id="a"), at(60))  # touching windows do not overlap


def test_buffers_count() -> None:
    assert conflicts(at(0, booking_id="a", buffer=15), at(70))
    assert not conflicts(at(0, booking_id="a", buffer=15), at(75))
    assert conflicts(at(0, booking_id="a", buffer=15), at(80, buffer=15))
    assert blocked_window(at(0, buffer=15))[0] == BASE.start - timedelta(minutes=15)


def test_only_held_and_confirmed_bookings_block() -> None:
    for state in BookingState:
        blocks = conflicts(at(0, booking_id="a", state=state), at(0))
        assert blocks is (state in {BookingState.HELD, BookingState.CONFIRMED})


def test_a_shared_studio_conflicts_even_across_providers() -> None:
    assert conflicts(at(0, booking_id="a", provider="p1", studio="std_1"), at(0, provider="p2", studio="std_1"))
    assert not conflicts(at(0, booking_id="a", provider="p1", studio="std_1"), at(0, provider="p2", studio="std_2"))
    assert not conflicts(at(0, booking_id="a", provider="p1"), at(0, provider="p2"))


def test_a_booking_never_conflicts_with_itself() -> None:
    assert not conflicts(at(0), at(0))
    assert first_conflict([at(0), at(120, booking_id="b")], at(30, booking_id="c")) == at(0)


SLOTS = st.tuples(st.integers(-600, 600), st.integers(1, 240), st.integers(0, 60))


@settings(max_examples=300)
@given(SLOTS, SLOTS)
def test_conflict_is_symmetric_and_means_overlapping_windows(a: tuple[int, int, int], b: tuple[int, int, int]) -> None:
    first = at(a[0], a[1], booking_id="a", buffer=a[2])
    second = at(b[0], b[1], booking_id="b", buffer=b[2])
    assert conflicts(first, second) == conflicts(second, first)
    (s1, e1), (s2, e2) = blocked_window(first), blocked_window(second)
    instants = [BASE.start + timedelta(minutes=m) for m in range(-700, 1000)]
    shared = [t for t in instants if s1 <= t < e1 and s2 <= t < e2]
    assert conflicts(first, second) == bool(shared)

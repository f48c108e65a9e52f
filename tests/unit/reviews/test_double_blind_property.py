"""Double-blind as a property: whatever the order of submissions, edits and sweeps, no one reads the other side's
review (nor does the public) before both are in or the window has closed; after that both are public together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.reviews.errors import AlreadyReviewed, ReviewsPublished, ReviewWindowClosed
from core.reviews.model import BookingReviews
from core.reviews.rating import Rating, Side

T0 = datetime(2030, 1, 1, tzinfo=UTC)
WINDOW = timedelta(days=14)
RATINGS = {Side.CLIENT: Rating(4, (("quality", 5),)), Side.PROVIDER: Rating(3, would_work_again=False)}
steps = st.lists(
    st.tuples(st.sampled_from(["submit", "edit", "sweep"]), st.sampled_from(list(Side)), st.integers(0, 20)),
    max_size=12,
)


@given(steps)
def test_nobody_reads_the_other_side_before_both_are_in_or_the_window_closes(plan: list[tuple[str, Side, int]]) -> None:
    window = BookingReviews.open("bkg_1", "cli_1", "prv_1", T0, WINDOW)
    for step, side, day in sorted(plan, key=lambda s: s[2]):  # time only moves forward
        now = T0 + timedelta(days=day)
        try:
            if step == "submit":
                window.submit(side, f"rvw_{side.value}", "someone", RATINGS[side], "text", now)
            elif step == "edit" and side in window.reviews:
                window.edit(side, RATINGS[side], "edited", now)
            else:
                window.publish_if_due(now)
        except (AlreadyReviewed, ReviewsPublished, ReviewWindowClosed):
            pass
        both_in_or_closed = len(window.reviews) == 2 or (now >= window.closes_at and window.published_at is not None)
        for reader in Side:
            others = [r for r in window.visible_to_side(reader) if r.side is not reader]
            assert not others or both_in_or_closed
        public = window.visible_to_side(None)
        assert public == [] or (window.published_at is not None and len(public) == len(window.reviews))
    assert all((r.published_at is None) == (window.published_at is None) for r in window.reviews.values())

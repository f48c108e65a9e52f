"""The SweepLeadership contract: each round of a sweep has one holder at a time, and nobody waits for it."""

from __future__ import annotations

import time

import pytest

from core.shared.leadership import SweepLeadership


class SweepLeadershipContract:
    """Subclass with ``leadership`` and ``rival`` fixtures: ``rival`` stands for another service process (the same
    object where leadership is per process)."""

    def test_a_round_nobody_holds_is_led(self, leadership: SweepLeadership) -> None:
        with leadership.round("booking-sweep") as leading:
            assert leading

    def test_a_held_round_is_skipped_at_once_then_led_once_given_up(
        self, leadership: SweepLeadership, rival: SweepLeadership
    ) -> None:
        with leadership.round("booking-sweep") as leading:
            assert leading
            started = time.monotonic()
            with rival.round("booking-sweep") as rival_leading:
                assert not rival_leading
            assert time.monotonic() - started < 1  # skipped, not waited for
            with rival.round("search-rollover") as other_sweep:
                assert other_sweep  # another sweep has a round of its own
        with rival.round("booking-sweep") as rival_leading:
            assert rival_leading

    def test_a_round_that_raises_is_given_up(self, leadership: SweepLeadership, rival: SweepLeadership) -> None:
        with pytest.raises(RuntimeError), leadership.round("unread-message-notices") as leading:
            assert leading
            raise RuntimeError("the sweep failed")
        with rival.round("unread-message-notices") as rival_leading:
            assert rival_leading

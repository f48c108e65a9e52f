"""The sweep-lease contract: the in-memory twin (tests/unit) and the SQL leases (SQLite and PostgreSQL,
tests/integration) must pass these. One holder at a time, until it releases or its lease expires."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from core.shared.leases import SweepLeases

T0 = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
TTL = timedelta(minutes=10)


class SweepLeasesContract:
    @pytest.fixture
    def leases(self) -> SweepLeases:
        raise NotImplementedError

    def test_one_holder_at_a_time_until_it_releases(self, leases: SweepLeases) -> None:
        assert leases.acquire("sweep", "wrk_a", T0, TTL)
        assert not leases.acquire("sweep", "wrk_b", T0 + timedelta(minutes=1), TTL)
        assert leases.acquire("other-sweep", "wrk_b", T0, TTL)  # leases are per job
        assert leases.acquire("sweep", "wrk_a", T0 + timedelta(minutes=2), TTL)  # its holder renews it
        leases.release("sweep", "wrk_b")  # not theirs: nothing happens
        assert not leases.acquire("sweep", "wrk_b", T0 + timedelta(minutes=3), TTL)
        leases.release("sweep", "wrk_a")
        leases.release("sweep", "wrk_a")  # idempotent
        assert leases.acquire("sweep", "wrk_b", T0 + timedelta(minutes=3), TTL)

    def test_a_dead_holders_lease_expires(self, leases: SweepLeases) -> None:
        assert leases.acquire("sweep", "wrk_a", T0, TTL)
        assert not leases.acquire("sweep", "wrk_b", T0 + TTL - timedelta(seconds=1), TTL)
        assert leases.acquire("sweep", "wrk_b", T0 + TTL, TTL)
        assert not leases.acquire("sweep", "wrk_a", T0 + TTL, TTL)

    @pytest.mark.parametrize("held_before", [False, True])
    def test_of_holders_racing_for_a_free_lease_exactly_one_wins(self, leases: SweepLeases, held_before: bool) -> None:
        if held_before:  # an expired row is there: the race is on the UPDATE, not the INSERT
            assert leases.acquire("sweep", "wrk_old", T0 - 2 * TTL, TTL)
        start, won = threading.Barrier(6), []

        def race(holder: str) -> None:
            start.wait(10)
            if leases.acquire("sweep", holder, T0, TTL):
                won.append(holder)

        racers = [threading.Thread(target=race, args=(f"wrk_{n}",)) for n in range(6)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(30)
        assert len(won) == 1

"""The in-memory sweep leases pass the sweep-lease contract, and ``exclusively`` runs a job only for the holder."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.leases import InMemorySweepLeases
from core.shared.leases import SweepLeases, exclusively
from tests.contracts.sweep_leases import T0, SweepLeasesContract


class TestInMemorySweepLeases(SweepLeasesContract):
    @pytest.fixture
    def leases(self) -> SweepLeases:
        return InMemorySweepLeases()


def test_exclusively_runs_the_job_for_the_holder_only_and_releases_it_even_when_it_fails() -> None:
    leases, clock, ttl = InMemorySweepLeases(), FixedClock(T0), timedelta(minutes=10)
    inside: list[object] = []
    job = lambda: exclusively(leases, "sweep", "wrk_b", clock, ttl, lambda: "b swept")  # noqa: E731
    assert exclusively(leases, "sweep", "wrk_a", clock, ttl, lambda: inside.append(job())) is None
    assert inside == [None]  # while wrk_a ran, wrk_b's job did not run
    assert job() == "b swept"  # released afterwards

    def failing() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        exclusively(leases, "sweep", "wrk_a", clock, ttl, failing)
    assert job() == "b swept"

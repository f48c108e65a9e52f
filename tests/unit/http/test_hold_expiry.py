"""The service's background sweep expires unpaid holds, freeing their slot; it stops cleanly on shutdown."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from entrypoints.http.hold_expiry import HoldExpiry
from tests.unit.http.booking_world import ALICE, BOB, seeded_container, serving, slot


def test_the_background_sweep_expires_a_lapsed_hold_and_frees_its_slot(tmp_path: Path) -> None:
    container, clock = seeded_container(tmp_path, booking_expiry_interval_s=1)
    with serving(container) as client:
        expiry: HoldExpiry = client.app.state.hold_expiry
        expiry.interval_s = 0.01  # BOOKING_EXPIRY_INTERVAL_S is whole seconds; the test needs no waiting
        txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
        assert client.post("/api/checkout/start", json=slot(24), headers=BOB).status_code == 409
        clock.advance(timedelta(minutes=15))
        for _ in range(2):  # the second sweep surely began after the clock moved
            expiry.swept.clear()
            assert expiry.swept.wait(timeout=10)
        shown = client.get(f"/api/bookings/{txn}", headers=ALICE).json()
        assert shown["state"] == "expired" and shown["nextAction"]["actor"] is None
        assert client.post("/api/checkout/start", json=slot(24), headers=BOB).status_code == 200
    assert expiry.sweeps >= 3


def test_the_task_survives_a_failing_sweep_and_is_cancelled_on_exit() -> None:
    calls: list[int] = []

    def sweep() -> list[str]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database briefly away")
        return ["bkg_1"]

    expiry = HoldExpiry(sweep, interval_s=0.001)

    async def run() -> None:
        async with expiry.lifespan(None):
            while expiry.sweeps < 3:
                await asyncio.sleep(0)  # yield to the task; no wall-clock wait

    asyncio.run(asyncio.wait_for(run(), timeout=10))
    assert len(calls) >= 3 and expiry.sweeps >= 3


def test_a_zero_interval_runs_no_task() -> None:
    expiry = HoldExpiry(lambda: [], interval_s=0)

    async def run() -> None:
        async with expiry.lifespan(None):
            await asyncio.sleep(0)

    asyncio.run(run())
    assert expiry.sweeps == 0

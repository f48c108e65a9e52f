"""Periodic sweeps as background tasks of the HTTP service: every N seconds, cancelled on shutdown.

The hold expiry, the availability refresh of the rows bookings marked, and the day's rollover of search.

Every uvicorn worker (and every machine) runs the same sweeps, and each round of a sweep that works on shared rows
runs in one process at a time (``led``: the sweep leadership, a PostgreSQL advisory lock); the others skip that
round. The sweeps stay safe to run side by side anyway (``expire_due_bookings`` skips a booking another worker
changed first), and the service needs no separate scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import structlog
from prometheus_client import Counter

from core.shared.leadership import SweepLeadership

log = structlog.get_logger("rastup.booking")
ROUNDS = Counter("rastup_sweep_rounds", "Rounds of a periodic sweep in this process: led (ran here) or skipped "
                 "(another process led it)", ["sweep", "outcome"])  # fmt: skip


def led(leadership: SweepLeadership, sweep: str, run: Callable[[], list[str]]) -> Callable[[], list[str]]:
    """``run`` as one round of ``sweep`` when this process leads it, else nothing (another process runs it)."""

    def round_() -> list[str]:
        with leadership.round(sweep) as leading:
            ROUNDS.labels(sweep, "led" if leading else "skipped").inc()
            return run() if leading else []

    return round_


class HoldExpiry:
    """Runs ``sweep`` (returns the expired booking ids) at start-up and then every ``interval_s`` seconds.

    ``swept`` is set after each sweep, so tests can wait for one without sleeping; ``interval_s`` <= 0
    disables the task.
    """

    def __init__(
        self, sweep: Callable[[], list[str]], interval_s: float, *, name: str = "booking-hold-expiry",
        done: str = "bookings_swept",
    ) -> None:  # fmt: skip
        self._sweep = sweep
        self.interval_s = interval_s
        self.name, self._done = name, done  # the task's name; the log event of a sweep that did something
        self.sweeps = 0
        self.swept = threading.Event()

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Any) -> AsyncIterator[None]:
        if self.interval_s <= 0:
            yield
            return
        task = asyncio.create_task(self._run_forever(), name=self.name)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run_forever(self) -> None:
        while True:
            try:
                expired = await asyncio.to_thread(self._sweep)
            except Exception as error:  # a failed sweep must not kill the task: the next one retries
                log.error(f"{self.name.replace('-', '_')}_failed", error=repr(error))
            else:
                if expired:
                    log.info(self._done, count=len(expired), ids=expired[:20])
            self.sweeps += 1
            self.swept.set()
            await asyncio.sleep(self.interval_s)

"""The hold-expiry sweep as a background task of the HTTP service: every N seconds, cancelled on shutdown.

Every uvicorn worker runs its own sweep; that is safe (``expire_due_bookings`` skips a booking another
worker changed first) and keeps the service free of a separate scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import structlog

log = structlog.get_logger("rastup.booking")


class HoldExpiry:
    """Runs ``sweep`` (returns the expired booking ids) at start-up and then every ``interval_s`` seconds.

    ``swept`` is set after each sweep, so tests can wait for one without sleeping; ``interval_s`` <= 0
    disables the task.
    """

    def __init__(self, sweep: Callable[[], list[str]], interval_s: float) -> None:
        self._sweep = sweep
        self.interval_s = interval_s
        self.sweeps = 0
        self.swept = threading.Event()

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Any) -> AsyncIterator[None]:
        if self.interval_s <= 0:
            yield
            return
        task = asyncio.create_task(self._run_forever(), name="booking-hold-expiry")
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
                log.error("hold_expiry_failed", error=repr(error))
            else:
                if expired:
                    log.info("bookings_swept", count=len(expired), booking_ids=expired[:20])
            self.sweeps += 1
            self.swept.set()
            await asyncio.sleep(self.interval_s)

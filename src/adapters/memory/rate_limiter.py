"""An in-process sliding-window rate limiter: the embedded default (one worker)."""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime

from core.shared.rate_limit import Decision

_SWEEP_EVERY = 4096


class InMemoryRateLimiter:
    """A sliding log per key: exact, thread-safe, and swept now and then so idle keys do not pile up."""

    def __init__(self) -> None:
        self._logs: dict[str, tuple[int, deque[float]]] = {}
        self._lock = threading.Lock()
        self._hits = 0

    def hit(self, key: str, limit: int, window_s: int, now: datetime) -> Decision:
        t = now.timestamp()
        with self._lock:
            self._hits += 1
            if self._hits % _SWEEP_EVERY == 0:
                self._sweep(t)
            _, log = self._logs.setdefault(key, (window_s, deque()))
            self._logs[key] = (window_s, log)
            while log and log[0] <= t - window_s:
                log.popleft()
            if len(log) < limit:
                log.append(t)
                return Decision(allowed=True, retry_after_s=0)
            return Decision(allowed=False, retry_after_s=max(1, math.ceil(log[0] + window_s - t)))

    def _sweep(self, t: float) -> None:
        idle = [key for key, (window_s, log) in self._logs.items() if not log or log[-1] <= t - window_s]
        for key in idle:
            del self._logs[key]

"""The wall clock and a ULID-style id generator (time-sortable, 80 random bits per id)."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def _base32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_CROCKFORD[digit])
    return "".join(reversed(chars))


class UlidIds:
    """``prefix_`` + 26 Crockford base32 characters: 48-bit milliseconds then 80 random bits.

    Within one millisecond the random part is incremented rather than redrawn, so ids from one
    process are strictly increasing (the ULID monotonic rule).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = -1
        self._last_random = 0

    def new_id(self, prefix: str) -> str:
        with self._lock:
            ms = time.time_ns() // 1_000_000
            if ms <= self._last_ms:
                ms = self._last_ms
                self._last_random += 1
            else:
                self._last_random = int.from_bytes(os.urandom(10), "big") >> 1  # room to increment
            self._last_ms = ms
            return f"{prefix}_{_base32(ms, 10)}{_base32(self._last_random, 16)}"

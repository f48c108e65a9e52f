"""Rate limiting: a port every context uses (sign-in, codes, messaging pairs), and its answer."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs


@attrs.frozen
class Decision:
    """A rate limiter's answer; ``retry_after_s`` is 0 when allowed, >= 1 when not."""

    allowed: bool
    retry_after_s: int


class RateLimiter(Protocol):
    """Sliding-window request limits shared by every worker that uses the same store.

    Keys read ``scope:subject`` (``login-ip:203.0.113.7``): the scope names the limit, so the composition
    root can choose per limit what an unreachable store means."""

    def hit(self, key: str, limit: int, window_s: int, now: datetime) -> Decision:
        """Count one request on ``key`` at ``now`` if fewer than ``limit`` were counted in the
        ``window_s`` seconds before it, and allow it; otherwise deny it without counting it, with
        ``retry_after_s`` = whole seconds until the oldest counted request leaves the window.
        Keys are independent. Never raises for a new key. Raises ``RateLimiterUnavailable`` (and counts
        nothing) when the store cannot be reached; never a driver's own error."""
        ...

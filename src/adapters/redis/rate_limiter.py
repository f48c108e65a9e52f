"""A sliding-window rate limiter in Redis: one sorted set per key, updated atomically by a Lua script."""

from __future__ import annotations

import math
import secrets
from datetime import datetime

import redis

from core.shared.errors import RateLimiterUnavailable
from core.shared.rate_limit import Decision

# Times are the caller's ``now`` (seconds), not the Redis clock, so every worker and every test
# agrees on the window; a denied request is not recorded.
_HIT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
  return {1, '0'}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tostring(tonumber(oldest[2]) + window - now)}
"""


class RedisRateLimiter:
    """Shared by several workers. Any Redis failure becomes ``RateLimiterUnavailable`` (suggesting a retry
    after ``outage_retry_after_s``): the composition root decides whether that refuses or allows."""

    def __init__(self, client: redis.Redis, key_prefix: str = "rastup:rl:", outage_retry_after_s: int = 10) -> None:
        self._client = client
        self._prefix = key_prefix
        self._outage_retry_after_s = outage_retry_after_s
        self._script = client.register_script(_HIT)

    def hit(self, key: str, limit: int, window_s: int, now: datetime) -> Decision:
        t = now.timestamp()
        member = f"{t!r}:{secrets.token_hex(8)}"
        try:
            allowed, retry = self._script(keys=[self._prefix + key], args=[repr(t), window_s, limit, member])
        except redis.RedisError as error:  # the class name only: the message names hosts and ports
            raise RateLimiterUnavailable(type(error).__name__, self._outage_retry_after_s) from error
        if int(allowed) == 1:
            return Decision(allowed=True, retry_after_s=0)
        retry_s = float(retry.decode() if isinstance(retry, bytes) else retry)
        return Decision(allowed=False, retry_after_s=max(1, math.ceil(retry_s)))

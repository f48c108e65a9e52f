"""Recent sign-in attempts per IP in Redis, so the risk score sees every worker's traffic, not one worker's."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import redis

from core.identity.errors import LoginTelemetryUnavailable
from core.identity.service_ports import IpActivity

# One sorted set per IP: score = the attempt's time (the caller's ``now``, as the rate limiter does), member =
# "<time>:<login key digest>:<nonce>". Old entries go on each write, the set is capped, and it expires.
_RECORD = """
local now = tonumber(ARGV[1])
local keep = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - keep)
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(cap + 1))
redis.call('PEXPIRE', KEYS[1], math.ceil(keep * 1000))
return 1
"""


class RedisLoginTelemetry:
    """``LoginTelemetry`` shared by every worker. ``retention_s`` must cover the risk window (15 minutes);
    at most ``max_per_ip`` attempts are kept per IP (the newest), so a flood from one address stays bounded.
    Login keys are stored as digests: counting distinct accounts needs no email address in Redis. Any Redis
    failure becomes ``LoginTelemetryUnavailable``."""

    def __init__(
        self, client: redis.Redis, retention_s: int = 3600, max_per_ip: int = 1000, key_prefix: str = "rastup:ip:"
    ) -> None:
        self._client = client
        self._retention_s = retention_s
        self._max_per_ip = max_per_ip
        self._prefix = key_prefix
        self._record = client.register_script(_RECORD)

    def record_attempt(self, ip: str, login_key: str, now: datetime) -> None:
        t = now.timestamp()
        digest = hashlib.sha256(login_key.encode()).hexdigest()[:24]
        member = f"{t!r}:{digest}:{secrets.token_hex(6)}"
        try:
            self._record(keys=[self._prefix + ip], args=[repr(t), self._retention_s, self._max_per_ip, member])
        except redis.RedisError as error:
            raise LoginTelemetryUnavailable(type(error).__name__) from error

    def ip_activity(self, ip: str, window_s: int, now: datetime) -> IpActivity:
        try:
            members = self._client.zrangebyscore(self._prefix + ip, f"({(now.timestamp() - window_s)!r}", "+inf")
        except redis.RedisError as error:
            raise LoginTelemetryUnavailable(type(error).__name__) from error
        digests = [(m.decode() if isinstance(m, bytes) else m).split(":")[1] for m in members]
        return IpActivity(len(digests), len(set(digests)))

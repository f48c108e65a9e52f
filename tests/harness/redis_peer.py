"""Redis peer: reach (or, as root, start) the local server and lend one dedicated, flushed db index."""

import contextlib
import os
import shlex
import subprocess
from collections.abc import Callable, Iterator

import redis

from tests.harness.policy import PeerUnavailable
from tests.harness.processes import STARTUP_DEADLINE_S, forget_at_exit, free_loopback_port, stop_at_exit, wait_until

URL_ENV = "RASTUP_TEST_REDIS_URL"
DEFAULT_URL = "redis://127.0.0.1:6379/13"
START_COMMAND = (
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
)  # fmt: skip


def redis_url() -> str:
    """RASTUP_TEST_REDIS_URL if set, else db 13 of the local server (kept apart from dev data in db 0).

    Under pytest-xdist each worker takes its own index, counting down from 13 (gw0 -> 13, gw1 -> 12, ...), so that
    one worker's FLUSHDB never empties another's keys.
    """
    url = os.environ.get(URL_ENV) or DEFAULT_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, db = url.rpartition("/")
    index = int(db or 0) - int(worker[2:])
    if index < 1:
        raise PeerUnavailable("redis", f"xdist worker {worker}", f"no free Redis db index below {db} for it")
    return f"{base}/{index}"


def client(url: str) -> redis.Redis:
    """A short-timeout client; the caller closes it."""
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def unreachable_url() -> str:
    """A Redis URL on a loopback port nothing listens on: every command fails with a connection refusal."""
    return f"redis://127.0.0.1:{free_loopback_port()}/0"


def answers_ping(url: str) -> bool:
    """True if Redis at `url` answers PING now."""
    return _ping_error(url) is None


def _ping_error(url: str) -> str | None:
    with client(url) as connection:
        try:
            connection.ping()
        except redis.RedisError as error:
            return f"{type(error).__name__}: {error}"
    return None


def ensure_reachable(url: str) -> Callable[[], None] | None:
    """Make sure Redis answers PING on `url`; returns a stop callback if this call started it.

    Raises PeerUnavailable with the error and what was tried.
    """
    first_error = _ping_error(url)
    if first_error is None:
        return None
    tried = f"PING {url}" + (f" (from {URL_ENV})" if URL_ENV in os.environ else "")
    if url != DEFAULT_URL or os.geteuid() != 0:
        hint = "" if URL_ENV in os.environ else " (not root, so redis-server was not started)"
        raise PeerUnavailable("redis", tried + hint, first_error)
    tried += f"; then `{shlex.join(START_COMMAND)}`"
    try:
        started = subprocess.run(START_COMMAND, capture_output=True, text=True, timeout=30, check=False)
    except OSError as error:
        raise PeerUnavailable("redis", tried, str(error)) from error
    if started.returncode != 0 or not wait_until(lambda: _ping_error(url) is None, STARTUP_DEADLINE_S):
        raise PeerUnavailable("redis", tried, f"{started.stderr}{started.stdout}{_ping_error(url)}")

    def shut_down() -> None:
        forget_at_exit(id(shut_down))
        with client(url) as connection, contextlib.suppress(redis.ConnectionError):
            connection.shutdown(nosave=True)

    stop_at_exit(id(shut_down), shut_down)
    return shut_down


def flush(url: str) -> None:
    """Empty the db index named by `url` (FLUSHDB: other indexes are left alone)."""
    with client(url) as connection:
        connection.flushdb()


@contextlib.contextmanager
def dedicated_db() -> Iterator[str]:
    """Yield the URL of the dedicated db index, flushed before and after."""
    url = redis_url()
    stop_server = ensure_reachable(url)
    try:
        flush(url)
        try:
            yield url
        finally:
            flush(url)
    finally:
        if stop_server is not None:
            stop_server()

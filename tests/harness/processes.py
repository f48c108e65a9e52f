"""Server processes on loopback: free ports, health polling with a deadline, logs, and a sure stop."""

import atexit
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs
import httpx

from tests.harness.policy import PeerUnavailable

STARTUP_DEADLINE_S = 20.0
STOP_GRACE_S = 5.0
_POLL_INTERVAL_S = 0.05
_PR_SET_PDEATHSIG = 1

_pending_stops: dict[int, Callable[[], None]] = {}


def free_loopback_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the kernel picks it; a launch retries if it is taken)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until(probe: Callable[[], bool], deadline_s: float) -> bool:
    """Poll `probe` until it returns True or the deadline passes; True if it succeeded."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(_POLL_INTERVAL_S)
    return probe()


def stop_at_exit(key: int, stop: Callable[[], None]) -> None:
    """Remember `stop` so an interpreter exit runs it even if fixture teardown never did."""
    if not _pending_stops:
        atexit.register(_run_pending_stops)
    _pending_stops[key] = stop


def forget_at_exit(key: int) -> None:
    """Drop a stop registered with `stop_at_exit` once it has run."""
    _pending_stops.pop(key, None)


def _run_pending_stops() -> None:
    for key, stop in reversed(list(_pending_stops.items())):  # last started, first stopped
        with contextlib.suppress(Exception):
            stop()
        forget_at_exit(key)


@attrs.define
class ServerProcess:
    """A started server: its port, its log file, and how to stop it (TERM, then KILL after a grace)."""

    name: str
    port: int
    popen: "subprocess.Popen[bytes]"
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the server wrote to stdout/stderr, for failure messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as error:
            return f"(log {self.log_path} unreadable: {error})"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last {lines} lines of {self.log_path} ---\n{tail or '(empty)'}"

    def stop(self) -> None:
        """Terminate the process group, kill it if still alive after the grace period; idempotent."""
        forget_at_exit(id(self))
        if self.popen.poll() is None:
            _signal_group(self.popen, signal.SIGTERM)
            try:
                self.popen.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                _signal_group(self.popen, signal.SIGKILL)
                self.popen.wait(STOP_GRACE_S)


def _signal_group(popen: "subprocess.Popen[bytes]", signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(popen.pid, signum)


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec hook asking Linux to TERM the child if pytest dies hard (SIGKILL skips atexit)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    return lambda: libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def launch_server(
    name: str,
    argv_for_port: Callable[[int], Sequence[str]],
    healthy: Callable[[int], bool],
    log_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    attempts: int = 3,
    deadline_s: float = STARTUP_DEADLINE_S,
) -> ServerProcess:
    """Start `name` on a free loopback port and wait until `healthy(port)`; retries on early exit.

    Raises PeerUnavailable naming the command, the outcome of each attempt and the log tail.
    """
    outcomes: list[str] = []
    argv: Sequence[str] = ()
    last_tail = ""
    for attempt in range(1, attempts + 1):
        port = free_loopback_port()
        argv = argv_for_port(port)
        server = _spawn(name, port, argv, log_dir / f"{name}-{attempt}.log", env)
        outcome = _await_healthy(server, healthy, deadline_s)
        if outcome is None:
            return server
        exited_early = server.popen.poll() is not None
        server.stop()
        outcomes.append(f"attempt {attempt}: {outcome}")
        last_tail = server.log_tail()
        if not exited_early:
            break  # a hang is not a lost port race: another attempt would only double the wait
    raise PeerUnavailable(name, f"started `{' '.join(argv)}`; " + "; ".join(outcomes), last_tail)


def _await_healthy(server: ServerProcess, healthy: Callable[[int], bool], deadline_s: float) -> str | None:
    """None once the server answers healthy; otherwise what went wrong (exit code or timeout)."""
    settled = wait_until(lambda: server.popen.poll() is not None or healthy(server.port), deadline_s)
    if server.popen.poll() is not None:
        return f"exited with code {server.popen.returncode} before becoming healthy"
    if not settled:
        return f"not healthy on 127.0.0.1:{server.port} within {deadline_s:.0f} s"
    return None


def _spawn(name: str, port: int, argv: Sequence[str], log_path: Path, env: Mapping[str, str] | None) -> ServerProcess:
    try:
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else None,
                start_new_session=True,
                preexec_fn=_die_with_parent(),
            )
    except OSError as error:
        raise PeerUnavailable(name, f"could not execute `{' '.join(argv)}`", str(error)) from error
    server = ServerProcess(name=name, port=port, popen=popen, log_path=log_path)
    stop_at_exit(id(server), server.stop)
    return server


@contextlib.contextmanager
def running_server(server: ServerProcess) -> Iterator[ServerProcess]:
    """Yield a started server and stop it on the way out, whatever happened in between."""
    try:
        yield server
    finally:
        server.stop()


def answers_http(url: str, headers: Mapping[str, str] | None = None) -> bool:
    """True if a GET on `url` returns 2xx within half a second; any error counts as not yet."""
    try:
        response = httpx.get(url, headers=headers, timeout=0.5)
    except httpx.HTTPError:
        return False
    return response.is_success

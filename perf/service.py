"""Run the real service for a benchmark: a fresh PostgreSQL database, migrated and seeded, N uvicorn workers."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url

BIN = Path(sys.executable).parent


def recreate_database(admin_url: str, database_url: str) -> None:
    """Drop and create the benchmark database so every run starts from the same state."""
    name = make_url(database_url).database
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def drop_database(admin_url: str, database_url: str) -> None:
    """Drop the benchmark database once its figures are out (its data is the benchmark's alone)."""
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{make_url(database_url).database}" WITH (FORCE)'))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rastup(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "rastup"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def running_service(
    database_url: str, workers: int, seed_args: tuple[str, ...] = (), *, seed: bool = True,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[str]:  # fmt: skip
    """Migrate and seed ``database_url`` (``seed``: the demo), serve it on a free loopback port with ``extra_env``
    besides, yield the base URL, stop it."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning", "PORT": str(port), **(extra_env or {})}
    rastup(env, "db", "upgrade")
    if seed:
        rastup(env, "demo", "seed", *seed_args)
    log = Path("perf/results/service.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(BIN / "rastup"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _await_ready(server, f"{base}/readyz", 120, f"service did not become ready; see {log}")  # 2 busy workers
            yield base
        finally:
            stop(server)


LOCALSTRIPE_MODES = ("persist", "in-memory", "indexed")


@contextlib.contextmanager
def running_localstripe(mode: str = "persist") -> Iterator[str]:
    """A private localstripe (a fake Stripe API, from scratch) on a free loopback port; yield its base URL.

    ``mode`` (see perf/localstripe_server.py): ``persist``, as shipped; ``in-memory``, without its pickle of the whole
    store on every write (to /tmp/localstripe.pickle, shared by every instance on the machine), which makes each
    write slower the more it holds; ``indexed``, also listing one kind of object without reading every object
    stored. The last two for measurements only."""
    if mode not in LOCALSTRIPE_MODES:
        raise ValueError(f"localstripe mode {mode!r}: one of {', '.join(LOCALSTRIPE_MODES)}")
    port = free_port()
    script = str(Path(__file__).with_name("localstripe_server.py"))  # on loopback, its calls timed (/_perf/stats)
    server = subprocess.Popen([sys.executable, script, str(port), mode], start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _await_ready(server, f"{base}/js.stripe.com/v3/", 30, "localstripe did not start")
        yield base
    finally:
        stop(server)


def _await_ready(server: subprocess.Popen[bytes], url: str, within_s: float, failure: str) -> None:
    """Poll ``url`` until it answers 200; raise ``RuntimeError(failure)`` if the process exits or time runs out."""
    deadline = time.monotonic() + within_s
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(failure)
        time.sleep(0.2)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Terminate ``server``, then kill it if it has not exited within 15 s."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=15)


def serve_logged(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """``rastup serve`` on 127.0.0.1:``port`` in its own session, its output appended to ``log`` (the drills)."""
    with log.open("ab") as log_file:
        return subprocess.Popen([str(BIN / "rastup"), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def wait_ready(base: str, deadline_s: float = 120) -> None:
    """Poll ``base``/readyz until it answers 200; ``RuntimeError`` after ``deadline_s``."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{base} did not become ready")

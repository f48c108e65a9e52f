"""`rastup serve` as a subprocess on a free loopback port, for tests that need the real service."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

RASTUP = str(Path(sys.executable).parent / "rastup")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(env: dict[str, str], *options: str) -> Iterator[str]:
    """Migrate and seed the demo on ``env``'s database, serve it, and yield its base URL once `/readyz` is 200."""
    env = {**os.environ, "LOG_LEVEL": "warning", **env}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([RASTUP, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([RASTUP, "demo", "seed"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([RASTUP, "serve", "--port", str(port), *options], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else "server exited"
            time.sleep(0.2)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have exited already (the assertion above says why)
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)

"""A PostgreSQL server of our own on a loopback port: found binaries, ``initdb``, start and stop with ``pg_ctl``.

It is what a point-in-time restore starts on its fresh data directory, and what the drill and the tests start as a
throwaway server with WAL archiving on (a shared server is never reconfigured). PostgreSQL refuses to run as root:
run as root, the server's files belong to, and its programs run as, the ``postgres`` system user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from core.shared.errors import InvalidInput

SERVER_USER = "postgres"  # who runs the server when we are root


def bindir() -> Path:
    """Where the server's programs are: ``pg_config --bindir`` if it has ``initdb``, else the newest
    ``/usr/lib/postgresql/*/bin``, else the directory of ``initdb`` on PATH."""
    candidates: list[Path] = []
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)  # noqa: S607
        candidates.append(Path(found.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    if on_path := shutil.which("initdb"):
        candidates.append(Path(on_path).resolve().parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise InvalidInput("postgresql", "no PostgreSQL server programs (initdb, pg_ctl) found")


def _as_server_user() -> dict[str, Any]:
    """``subprocess`` arguments that run a server program as ``postgres`` when we are root (it refuses root)."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam(SERVER_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "env": {**os.environ, "HOME": entry.pw_dir}}


def hand_to_server_user(*paths: Path) -> None:
    """Give ``paths`` (recursively) to the user the server runs as, so it may read and write them."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(SERVER_USER)
    for root in paths:
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for directory, names, files in os.walk(root):
            for name in (*names, *files):
                os.chown(Path(directory) / name, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def run_server_program(program: str, *args: str, timeout_s: float = 600) -> str:
    """Run ``program`` from the server's bindir (as the server user when root); its stdout. A failure raises
    ``InvalidInput`` carrying its stderr."""
    done = subprocess.run(  # noqa: S603 - a program of the PostgreSQL installation, no shell
        [str(bindir() / program), *args], capture_output=True, text=True, timeout=timeout_s, cwd="/",
        check=False, **_as_server_user(),
    )  # fmt: skip
    if done.returncode != 0:
        raise InvalidInput("postgresql", f"{program} failed: {(done.stderr or done.stdout).strip()[-2000:]}")
    return str(done.stdout)


@attrs.frozen
class LocalCluster:
    """A data directory served on ``127.0.0.1:port`` (TCP only: no Unix socket to collide with another server)."""

    data_dir: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    @property
    def log(self) -> Path:
        return self.data_dir / "server.log"

    def configure(self, settings: Mapping[str, str], file: str = "postgresql.auto.conf") -> None:
        """Append ``settings`` to the server's configuration (read at the next start; later lines win)."""
        with (self.data_dir / file).open("a") as conf:
            for name, value in settings.items():
                quoted = value.replace("'", "''")
                conf.write(f"{name} = '{quoted}'\n")

    def start(self, deadline_s: float = 600) -> None:
        """Start the server and wait until it accepts connections (recovery first, if it has to recover)."""
        self.log.touch()
        hand_to_server_user(self.log)
        try:
            run_server_program("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log), "-w", "-t",
                               str(int(deadline_s)), "start", timeout_s=deadline_s + 30)  # fmt: skip
        except InvalidInput as error:
            tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-15:])
            raise InvalidInput("postgresql", f"{error.reason}\n{tail}") from None
        if not wait_until_writable(self.url(), deadline_s):
            raise InvalidInput("postgresql", f"127.0.0.1:{self.port} did not leave recovery within {deadline_s} s")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate``: as a crash would); nothing if it is not running."""
        if (self.data_dir / "postmaster.pid").exists():
            run_server_program("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop", timeout_s=120)


def wait_until_writable(url: str, deadline_s: float) -> bool:
    """True once the server at ``url`` answers and is out of recovery (a promoted restore takes writes)."""
    deadline = time.monotonic() + deadline_s
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 2})
    try:
        while time.monotonic() < deadline:
            with contextlib.suppress(sa.exc.SQLAlchemyError), engine.connect() as connection:
                if not connection.execute(sa.text("SELECT pg_is_in_recovery()")).scalar_one():
                    return True
            time.sleep(0.1)
        return False
    finally:
        engine.dispose()


def initdb(data_dir: Path, port: int, settings: Mapping[str, str] | None = None) -> LocalCluster:
    """A new cluster in ``data_dir`` (created; trust authentication, loopback only) serving on ``port``, with
    ``settings`` besides (for example ``archive_mode``); not started."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    hand_to_server_user(data_dir)
    run_server_program("initdb", "-D", str(data_dir), "-U", SERVER_USER, "--auth=trust", "--no-sync",
                       "--encoding=UTF8", "--locale=C")  # fmt: skip
    cluster = LocalCluster(data_dir, port)
    cluster.configure({**serving_settings(port), **(settings or {})}, file="postgresql.conf")
    return cluster


def serving_settings(port: int) -> dict[str, str]:
    """Where a cluster of ours listens: ``port`` on loopback, no Unix socket."""
    return {"port": str(port), "listen_addresses": "127.0.0.1", "unix_socket_directories": ""}

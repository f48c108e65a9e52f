"""A throwaway PostgreSQL primary and its streaming replica on loopback ports (issue 16's scale-out).

The machine's shared server on 5432 is never touched: ``initdb`` makes a primary in a temporary directory with
``wal_level=replica`` on a free port, ``pg_basebackup -R`` clones it into a standby on another, and both are
stopped (and their directories removed) on the way out. As root every server command runs as ``postgres``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.harness.policy import PeerUnavailable
from tests.harness.processes import forget_at_exit, free_loopback_port, stop_at_exit, wait_until

DATABASE = "rastup"
_SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
wal_level = replica
max_wal_senders = 4
hot_standby = on
hot_standby_feedback = on
fsync = off
full_page_writes = off
max_connections = 60
shared_buffers = 32MB
"""


def bin_dir() -> Path:
    """Where initdb, pg_ctl and pg_basebackup live: ``pg_config --bindir``, else the newest /usr/lib/postgresql."""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        asked = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
        found = Path(asked.stdout.strip())
        if (found / "initdb").exists():
            return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise PeerUnavailable("postgres pair", "pg_config --bindir; /usr/lib/postgresql/*/bin/initdb", "no initdb")
    return versions[-1].parent


def _url(port: int, database: str = DATABASE) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"


def _execute(url: str, statement: str) -> list[sa.Row[object]]:
    engine = sa.create_engine(
        url, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 2}
    )
    try:
        with engine.connect() as connection:
            result = connection.execute(sa.text(statement))
            return list(result.all()) if result.returns_rows else []
    finally:
        engine.dispose()


def _answers(url: str) -> bool:
    try:
        _execute(url, "SELECT 1")
    except sa.exc.SQLAlchemyError:
        return False
    return True


@attrs.define
class PostgresPair:
    """A primary and its streaming replica; URLs name the ``rastup`` database on each."""

    bindir: Path
    root: Path
    primary_port: int
    replica_port: int
    _as_postgres: bool

    @property
    def primary_url(self) -> str:
        return _url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return _url(self.replica_port)

    @property
    def primary_dir(self) -> Path:
        return self.root / "primary"

    @property
    def replica_dir(self) -> Path:
        return self.root / "replica"

    def run(self, *argv: str, timeout: float = 60) -> str:
        """A server command (as ``postgres`` when we are root); raises PeerUnavailable with its output."""
        command = [str(self.bindir / argv[0]), *argv[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise PeerUnavailable("postgres pair", " ".join(command), (done.stdout + done.stderr)[-2000:])
        return done.stdout

    def pg_ctl(self, data_dir: Path, action: str, *extra: str) -> None:
        self.run("pg_ctl", "-D", str(data_dir), "-l", str(data_dir.parent / f"{data_dir.name}.log"), "-w",
                 "-t", "30", action, *extra)  # fmt: skip

    def replica_sql(self, statement: str) -> list[sa.Row[object]]:
        return _execute(self.replica_url, statement)

    def pause_replay(self) -> None:
        """The replica keeps receiving WAL but applies none of it (``pg_wal_replay_pause``)."""
        self.replica_sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.replica_sql("SELECT pg_wal_replay_resume()")

    def caught_up(self) -> bool:
        """The replica has replayed everything the primary wrote so far."""
        (current,) = _execute(self.primary_url, "SELECT pg_current_wal_lsn()::text")[0]
        return bool(self.replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{current}'::pg_lsn")[0][0])

    def wait_caught_up(self, deadline_s: float = 20) -> None:
        if not wait_until(self.caught_up, deadline_s):
            raise AssertionError("the replica did not catch up with the primary")

    def fresh_replay(self) -> None:
        """A transaction committed on the primary and replayed on the replica: its lag starts from now."""
        _execute(self.primary_url, "SELECT txid_current()")
        self.wait_caught_up()

    def stop_primary(self, mode: str = "immediate") -> None:
        """The primary goes away (``immediate``: as a crash would take it)."""
        self.pg_ctl(self.primary_dir, "stop", "-m", mode)

    def stop_replica(self, mode: str = "fast") -> None:
        self.pg_ctl(self.replica_dir, "stop", "-m", mode)

    def start_replica(self) -> None:
        self.pg_ctl(self.replica_dir, "start")

    def promote_replica(self) -> None:
        """``pg_ctl promote``: the replica leaves recovery and takes writes (returns once it does)."""
        self.pg_ctl(self.replica_dir, "promote")

    def stop_all(self) -> None:
        for data_dir in (self.replica_dir, self.primary_dir):
            if (data_dir / "postmaster.pid").exists():
                with contextlib.suppress(PeerUnavailable, subprocess.TimeoutExpired):
                    self.pg_ctl(data_dir, "stop", "-m", "immediate")


def _write_settings(data_dir: Path, port: int, sockets: Path) -> None:
    with (data_dir / "postgresql.conf").open("a") as conf:
        conf.write(_SETTINGS.format(port=port, sockets=sockets))


def _chown(paths: Sequence[Path]) -> None:
    for path in paths:
        shutil.chown(path, "postgres", "postgres")


@contextlib.contextmanager
def primary_and_replica() -> Iterator[PostgresPair]:
    """A primary (database ``rastup``) with a streaming replica that has caught up; both stopped afterwards."""
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="rastup_scale_pg_"))
    pair = PostgresPair(bin_dir(), root, free_loopback_port(), free_loopback_port(), as_postgres)
    sockets = root / "sockets"
    sockets.mkdir()
    if as_postgres:
        root.chmod(0o755)
        _chown([root, sockets])

    def stop() -> None:
        forget_at_exit(id(stop))
        pair.stop_all()
        shutil.rmtree(root, ignore_errors=True)

    stop_at_exit(id(stop), stop)
    try:
        pair.run("initdb", "-D", str(pair.primary_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        _write_settings(pair.primary_dir, pair.primary_port, sockets)
        pair.pg_ctl(pair.primary_dir, "start")
        _execute(_url(pair.primary_port, "postgres"), f"CREATE DATABASE {DATABASE}")
        pair.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(pair.primary_port), "-U", "postgres",
                 "-D", str(pair.replica_dir), "-R", "-X", "stream", "--checkpoint=fast")  # fmt: skip
        with (pair.replica_dir / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {pair.replica_port}\n")
        pair.start_replica()
        if not wait_until(lambda: _answers(pair.replica_url), 20):
            raise PeerUnavailable("postgres pair", f"replica on {pair.replica_port}", "never answered")
        yield pair
    finally:
        stop()

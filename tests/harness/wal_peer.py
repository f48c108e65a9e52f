"""A throwaway PostgreSQL server of our own with WAL archiving on (the shared server is never reconfigured)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs

from adapters.sqlalchemy import pg_cluster, pitr
from core.shared.errors import InvalidInput
from tests.harness.policy import PeerUnavailable
from tests.harness.processes import forget_at_exit, free_loopback_port, stop_at_exit


@attrs.frozen
class ArchivingServer:
    cluster: pg_cluster.LocalCluster
    root: Path  # a directory the server's user may enter: put restored data directories here
    archive: Path  # where the server copies its WAL segments

    def url(self, database: str = "postgres") -> str:
        return self.cluster.url(database)


@contextlib.contextmanager
def archiving_server(archive_timeout_s: int = 1) -> Iterator[ArchivingServer]:
    """``initdb`` in a new temporary directory (``primary``) on a free loopback port, archiving into its ``wal``;
    stopped (fast) and removed on the way out. A missing PostgreSQL installation is ``PeerUnavailable``."""
    work_dir = Path(tempfile.mkdtemp(prefix="rastup-pitr-"))  # not under pytest's 0700 tree: the server's user enters
    archive = work_dir / "wal"
    archive.mkdir()
    try:
        pg_cluster.hand_to_server_user(work_dir)
        cluster = pg_cluster.initdb(work_dir / "primary", free_loopback_port(),
                                    pitr.archiving_settings(archive, archive_timeout_s))  # fmt: skip
        stop_at_exit(id(cluster), cluster.stop)
        cluster.start(deadline_s=60)
    except (InvalidInput, KeyError) as error:  # no server programs, or no `postgres` user to run them as root
        raise PeerUnavailable("postgres (throwaway archiving server)", "initdb and pg_ctl start", str(error)) from error
    try:
        yield ArchivingServer(cluster, work_dir, archive)
    finally:
        forget_at_exit(id(cluster))
        cluster.stop()
        shutil.rmtree(work_dir, ignore_errors=True)

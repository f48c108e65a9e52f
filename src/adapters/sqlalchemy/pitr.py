"""Point-in-time recovery of PostgreSQL: physical base backups (``pg_basebackup``) and a restore that replays the
archived WAL up to a moment into a fresh data directory, served by a server of our own (``pg_cluster``).

The server backed up archives its WAL itself (``archive_mode = on``, ``archive_command`` copying each segment
into the archive directory, ``archive_timeout`` bounding how long a written commit can wait outside the archive:
that bound is the RPO). A base backup is a directory ``base-<stamp>/`` (``base.tar.gz``, ``pg_wal.tar.gz``) and
a manifest beside it with the digest of each file and when the backup began and ended.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import attrs
from sqlalchemy.engine import make_url

from adapters.sqlalchemy.pg_cluster import LocalCluster, bindir, hand_to_server_user, serving_settings
from core.shared.clock import Clock
from core.shared.errors import InvalidInput

BASE_PREFIX = "base-"
MANIFEST_SUFFIX = ".manifest.json"


@attrs.frozen
class BaseBackup:
    """A base backup: when it began and ended (a restore can reach any moment after its end), its files' digests."""

    started_at: str  # ISO 8601, UTC
    finished_at: str
    directory: str  # beside the manifest
    sha256: Mapping[str, str]  # file name -> digest

    @classmethod
    def read(cls, path: Path) -> BaseBackup:
        try:
            data = json.loads(path.read_text())
            return cls(data["started_at"], data["finished_at"], data["directory"], dict(data["sha256"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InvalidInput("manifest", f"not a base backup manifest: {type(error).__name__}") from error

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(attrs.asdict(self), indent=2, sort_keys=True) + "\n")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def base_backup(url: str, directory: Path, clock: Clock) -> Path:
    """A base backup of the whole server at ``url`` (a replication connection) into ``directory``, stamped by
    ``clock`` when it began and ended; the manifest's path."""
    started_at = clock.now()
    stem = f"{BASE_PREFIX}{started_at.strftime('%Y%m%dT%H%M%S.%fZ')}"
    target = directory / stem
    directory.mkdir(parents=True, exist_ok=True)
    libpq = make_url(url).set(drivername="postgresql", database=None).render_as_string(hide_password=False)
    command = [str(bindir() / "pg_basebackup"), "-d", libpq, "-D", str(target), "-Ft", "-z", "-X", "stream",
               "-c", "fast", "--no-password"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed program
    if done.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise InvalidInput("database_url", f"pg_basebackup failed: {done.stderr.strip()[-2000:]}")
    ended = clock.now()
    digests = {file.name: _digest(file) for file in sorted(target.iterdir()) if file.is_file()}
    manifest = directory / f"{stem}{MANIFEST_SUFFIX}"
    BaseBackup(started_at.isoformat(), ended.isoformat(), stem, digests).write(manifest)
    return manifest


def base_backup_for(directory: Path, target: datetime | None) -> Path:
    """The newest base backup in ``directory`` that ended before ``target`` (any, for the latest moment)."""
    manifests = sorted(directory.glob(f"{BASE_PREFIX}*{MANIFEST_SUFFIX}"))
    usable = [m for m in manifests if target is None or datetime.fromisoformat(BaseBackup.read(m).finished_at) < target]
    if not usable:
        when = "" if target is None else f" that ended before {target.isoformat()}"
        raise InvalidInput("directory", f"no base backup{when} in {directory}")
    return usable[-1]


def restore_to(manifest_path: Path, archive: Path, data_dir: Path, port: int, target: datetime | None) -> LocalCluster:
    """Unpack the base backup into ``data_dir`` (new or empty), replay ``archive``'s WAL up to ``target`` (its
    end when None), promote, and leave the server running on ``127.0.0.1:port``; the running cluster.

    The restored server does not archive (``archive_mode = off``): it starts a new timeline, which must not mix
    with the old server's segments; turn archiving on towards a new directory once it serves."""
    manifest = BaseBackup.read(manifest_path)
    source = manifest_path.parent / manifest.directory
    for name, digest in manifest.sha256.items():
        if not (source / name).is_file() or _digest(source / name) != digest:
            raise InvalidInput("manifest", f"{manifest.directory}/{name} is missing or differs from its manifest")
    if data_dir.exists() and any(data_dir.iterdir()):
        raise InvalidInput("data_dir", f"{data_dir} is not empty: a restore starts a fresh data directory")
    if not archive.is_dir():
        raise InvalidInput("archive", f"{archive} is not a directory of archived WAL")
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    _unpack(source / "base.tar.gz", data_dir)
    if (source / "pg_wal.tar.gz").is_file():
        _unpack(source / "pg_wal.tar.gz", data_dir / "pg_wal")
    for missing in ("postgresql.conf", "pg_hba.conf"):
        if not (data_dir / missing).is_file():  # a cluster whose configuration lives elsewhere (Debian's /etc)
            raise InvalidInput("manifest", f"the base backup holds no {missing}: copy the server's into {data_dir}")
    cluster = LocalCluster(data_dir, port)
    recovery = {"restore_command": f'cp "{archive.resolve()}/%f" "%p"', "recovery_target_action": "promote",
                "recovery_target_timeline": "latest", "archive_mode": "off"}  # fmt: skip
    if target is not None:
        recovery["recovery_target_time"] = target.isoformat()
    cluster.configure({**serving_settings(port), **recovery})
    (data_dir / "recovery.signal").touch()
    hand_to_server_user(data_dir)
    data_dir.chmod(0o700)
    cluster.start()
    return cluster


def _unpack(archive_file: Path, into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tarfile.open(archive_file, "r:gz") as tar:
        tar.extractall(into, filter="data")  # our own backup (digest checked); still no path outside ``into``


def archiving_settings(archive: Path, timeout_s: int) -> dict[str, str]:
    """What a server needs to archive its WAL into ``archive`` (a directory the server may write): each full
    segment copied once, and a partial one at least every ``timeout_s`` seconds when anything was written. A segment
    is copied under a hidden name, then renamed: a copy cut short (the server killed mid-copy) never leaves a short
    segment under its real name for a restore to trip on (``has wrong size``), nor for ``wal-sync`` to mirror."""
    directory = archive.resolve()
    target, copying = f'"{directory}/%f"', f'"{directory}/.%f.copying"'
    return {"wal_level": "replica", "archive_mode": "on", "archive_timeout": str(timeout_s),
            "archive_command": f'test ! -f {target} && cp "%p" {copying} && mv {copying} {target}'}  # fmt: skip

"""Backups and restores of the whole database, each with a manifest of row counts that the restore checks.

PostgreSQL: ``pg_dump -Fc`` of a snapshot exported by a REPEATABLE READ transaction that counts the rows of
every table in that same snapshot, so the counts describe the dump exactly even under writes; ``pg_restore``
into a database created afresh. SQLite (the embedded default): the online backup API (a consistent copy
while the service writes), counted in the copy; restored with the same API into the target file. Each phase, and
each table counted, is told to a ``BackupProgress`` (the CLI's stderr).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
from collections import deque
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Protocol

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import NullPool

from core.shared.errors import AlreadyExists, InvalidInput

MANIFEST_SUFFIX = ".manifest.json"
_TABLE_DATA = re.compile(r'(?:dumping contents of|processing data for) table "(?:[^".]+\.)?([^"]+)"')  # --verbose


class BackupProgress(Protocol):
    """Where a backup or a restore says how far it got; each method returns at once and never fails the work."""

    def phase(self, name: str, total: int = 0) -> None:
        """A phase begins: ``total`` steps follow (0: it is one long step)."""
        ...

    def step(self, item: str) -> None:
        """One step of the current phase is done (``item``: say, the table just counted)."""
        ...


class SilentProgress:
    """Progress nobody watches (library callers, tests)."""

    def phase(self, name: str, total: int = 0) -> None:
        pass

    def step(self, item: str) -> None:
        pass


SILENT = SilentProgress()


@attrs.frozen
class Manifest:
    """What a backup holds: the engine, when it was taken, its file and digest, and the rows of each table."""

    engine: str  # postgresql | sqlite
    taken_at: str  # ISO 8601, UTC
    file: str  # beside the manifest
    sha256: str
    row_counts: Mapping[str, int]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(attrs.asdict(self), indent=2, sort_keys=True) + "\n")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text())
            return cls(data["engine"], data["taken_at"], data["file"], data["sha256"], dict(data["row_counts"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InvalidInput("manifest", f"not a backup manifest: {type(error).__name__}") from error


@attrs.frozen
class Restored:
    """A restore's outcome: the counts found, and each table whose count differs from the manifest's."""

    row_counts: Mapping[str, int]
    mismatches: Mapping[str, tuple[int, int]]  # table -> (in the manifest, found)


def _libpq(url: URL) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _counts(connection: Connection, progress: BackupProgress) -> dict[str, int]:
    names = sorted(sa.inspect(connection).get_table_names())
    count, counts = sa.select(sa.func.count()), {}
    progress.phase("count rows", len(names))
    for name in names:
        counts[name] = int(connection.execute(count.select_from(sa.table(name))).scalar_one())
        progress.step(name)
    return counts


def row_counts(url: str, progress: BackupProgress = SILENT) -> dict[str, int]:
    """Rows per table of the database at ``url``, now."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return _counts(connection, progress)
    finally:
        engine.dispose()


def backup(url: str, directory: Path, taken_at: datetime, progress: BackupProgress = SILENT) -> Path:
    """Back up the database at ``url`` into ``directory``; returns the manifest's path."""
    directory.mkdir(parents=True, exist_ok=True)
    parsed = make_url(url)
    stem = f"rastup-{taken_at.strftime('%Y%m%dT%H%M%S.%fZ')}"
    if parsed.get_backend_name() == "sqlite":
        target = directory / f"{stem}.sqlite3"
        progress.phase("copy (SQLite online backup)")
        with sqlite3.connect(parsed.database or "") as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
        counts = row_counts(f"sqlite:///{target}", progress)
    else:
        target = directory / f"{stem}.dump"
        counts = _dump_postgres(parsed, target, progress)
    progress.phase("digest (SHA-256)")
    manifest = Manifest(parsed.get_backend_name(), taken_at.isoformat(), target.name, _digest(target), counts)
    path = directory / f"{stem}{MANIFEST_SUFFIX}"
    manifest.write(path)
    return path


def _dump_postgres(url: URL, target: Path, progress: BackupProgress) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=NullPool, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection:  # the snapshot lives as long as this transaction
            snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            counts = _counts(connection, progress)
            progress.phase("dump (pg_dump -Fc)", len(counts))
            command = ["pg_dump", "-Fc", "--no-owner", "--verbose", f"--snapshot={snapshot}", "-f", str(target),
                       _libpq(url)]  # fmt: skip
            _run_naming_tables(command, progress)
            connection.rollback()
    finally:
        engine.dispose()
    return counts


def latest_manifest(directory: Path) -> Path:
    """The newest manifest in ``directory`` (names sort by time)."""
    manifests = sorted(directory.glob(f"rastup-*{MANIFEST_SUFFIX}"))
    if not manifests:
        raise InvalidInput("directory", f"no backup manifest in {directory}")
    return manifests[-1]


def restore(manifest_path: Path, url: str, *, replace: bool = False, progress: BackupProgress = SILENT) -> Restored:
    """Restore the backup ``manifest_path`` names into the database at ``url`` and count what arrived.

    Refuses (``AlreadyExists``) when the target exists, unless ``replace``; refuses a file whose digest
    differs from the manifest's, and a backup of the other engine.
    """
    manifest = Manifest.read(manifest_path)
    source = manifest_path.parent / manifest.file
    progress.phase("digest (SHA-256)")
    if not source.is_file() or _digest(source) != manifest.sha256:
        raise InvalidInput("manifest", f"{manifest.file} is missing or differs from its manifest")
    parsed = make_url(url)
    if parsed.get_backend_name() != manifest.engine:
        raise InvalidInput("manifest", f"a {manifest.engine} backup cannot restore into {parsed.get_backend_name()}")
    if manifest.engine == "sqlite":
        progress.phase("restore (SQLite online backup)")
        _restore_sqlite(source, Path(parsed.database or ""), replace=replace)
    else:
        progress.phase("restore (pg_restore)", len(manifest.row_counts))
        _restore_postgres(source, parsed, replace=replace, progress=progress)
    found = row_counts(url, progress)
    tables = set(manifest.row_counts) | set(found)
    expected = {table: (manifest.row_counts.get(table, -1), found.get(table, -1)) for table in sorted(tables)}
    return Restored(found, {table: pair for table, pair in expected.items() if pair[0] != pair[1]})


def _restore_sqlite(source: Path, target: Path, *, replace: bool) -> None:
    if target.exists() and not replace:
        raise AlreadyExists("database", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with sqlite3.connect(source) as backup_file, sqlite3.connect(target) as restored:
        backup_file.backup(restored)
    restored.close()


def _restore_postgres(source: Path, url: URL, *, replace: bool, progress: BackupProgress) -> None:
    name = url.database or ""
    admin = sa.create_engine(url.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if exists and not replace:
                raise AlreadyExists("database", name)
            quoted = connection.dialect.identifier_preparer.quote(name)
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
            connection.execute(sa.text(f"CREATE DATABASE {quoted}"))
    finally:
        admin.dispose()
    command = ["pg_restore", "--no-owner", "--exit-on-error", "--jobs=2", "--verbose", "-d", _libpq(url), str(source)]
    _run_naming_tables(command, progress)


def _run_naming_tables(command: list[str], progress: BackupProgress) -> None:
    """Run pg_dump or pg_restore (``--verbose``), a progress step per table whose rows it dumps or restores; raise
    ``CalledProcessError`` holding the end of its output, where its error is, as ``check=True`` would."""
    said: deque[str] = deque(maxlen=40)
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as process:  # noqa: S603 - fixed program, no shell
        assert process.stderr is not None  # piped above
        for line in process.stderr:
            said.append(line)
            if found := _TABLE_DATA.search(line):
                progress.step(found.group(1))
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, stderr="".join(said))

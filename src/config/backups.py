"""Backup and restore of the configured database (`rastup ops backup|restore`), and the checks after a restore: row
counts against the manifest (a plain restore only), the audit chain, and every booking's ledger balancing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import attrs
from sqlalchemy.engine import make_url

from adapters.s3 import wal_archive
from adapters.sqlalchemy import backups, pg_cluster, pitr
from adapters.sqlalchemy.backups import SILENT, BackupProgress
from adapters.sqlalchemy.ledger_balance import Imbalance, ledger_balance
from config.container import Container
from core.identity.handlers import operators
from core.shared.errors import InvalidInput


@attrs.frozen
class Checks:
    """The checks any restored database can take: the audit chain verifies, every booking's ledger balances."""

    audit_entries: int
    audit_broken_at: str | None
    ledger_bookings: int
    ledger_unbalanced: tuple[Imbalance, ...]

    @property
    def sound(self) -> bool:
        return self.audit_broken_at is None and not self.ledger_unbalanced


@attrs.frozen
class RestoreReport:
    """What a restore found: row counts per table against the manifest, and the checks."""

    manifest: Path
    row_counts: dict[str, int]
    mismatches: dict[str, tuple[int, int]]
    checks: Checks

    @property
    def sound(self) -> bool:
        return not self.mismatches and self.checks.sound


def back_up(container: Container, directory: Path, progress: BackupProgress = SILENT) -> Path:
    """A backup of DATABASE_URL into ``directory``, stamped by the container's clock; the manifest's path."""
    return backups.backup(container.settings().database_url, directory, container.clock().now(), progress)


def restore(
    container: Container, manifest: Path | None, directory: Path, *, replace: bool, progress: BackupProgress = SILENT
) -> RestoreReport:
    """Restore ``manifest`` (or the newest in ``directory``) into DATABASE_URL, then check it."""
    chosen = manifest or backups.latest_manifest(directory)
    url = container.settings().database_url
    restored = backups.restore(chosen, url, replace=replace, progress=progress)
    return RestoreReport(chosen, dict(restored.row_counts), dict(restored.mismatches), _checks(container, progress))


def _checks(container: Container, progress: BackupProgress) -> Checks:
    progress.phase("verify the audit chain")
    checked, broken = operators.verify_audit(container.identity_uow())
    progress.phase("balance every booking's ledger")
    balance = ledger_balance(container.settings().database_url)
    return Checks(checked, None if broken is None else str(broken), balance.bookings, balance.unbalanced)


@attrs.frozen
class PointInTimeReport:
    """A point-in-time restore: the base backup used, the server it left running, and the checks after it (no row
    counts to compare: no manifest counted the database at the moment restored to)."""

    base_backup: Path
    data_dir: Path
    port: int
    row_counts: dict[str, int]
    checks: Checks

    @property
    def sound(self) -> bool:
        return self.checks.sound


def base_backup(container: Container, directory: Path, progress: BackupProgress = SILENT) -> Path:
    """A physical base backup of DATABASE_URL's server (PostgreSQL) into ``directory``; the manifest's path."""
    url = container.settings().database_url
    if make_url(url).get_backend_name() != "postgresql":
        raise InvalidInput("database_url", "a base backup (--base) needs PostgreSQL; SQLite has its online backup")
    progress.phase("base backup (pg_basebackup)")
    return pitr.base_backup(url, directory, container.clock())


def restore_to_time(
    container: Container,
    directory: Path,
    archive: Path,
    data_dir: Path,
    target: datetime | None,
    progress: BackupProgress = SILENT,
) -> PointInTimeReport:
    """Restore the newest base backup in ``directory`` that ends before ``target``, replay ``archive`` up to
    ``target`` (its end when None) into ``data_dir``, serve it on DATABASE_URL's loopback port, then check it."""
    url = make_url(container.settings().database_url)
    if url.get_backend_name() != "postgresql" or url.host not in {"127.0.0.1", "localhost"} or url.port is None:
        raise InvalidInput("database_url", "names the restored server: postgresql on 127.0.0.1 with its port")
    chosen = pitr.base_backup_for(directory, target)
    progress.phase(f"unpack {chosen.name} and replay the WAL to {'its end' if target is None else target.isoformat()}")
    pitr.restore_to(chosen, archive, data_dir, url.port, target)
    counts = backups.row_counts(url.render_as_string(hide_password=False), progress)
    return PointInTimeReport(chosen, data_dir, url.port, counts, _checks(container, progress))


def mirror_wal(container: Container, directory: Path, bucket: str, prefix: str, *, pull: bool) -> wal_archive.Mirrored:
    """Push the WAL archive ``directory`` to ``bucket`` (AWS_ENDPOINT_URL's S3, credentials from the AWS chain),
    or with ``pull`` fetch what the directory lacks; then the directory is the server's user's, as restores need."""
    from adapters.s3.object_store import s3_client

    settings = container.settings()
    client = s3_client(settings.aws_endpoint_url or None, settings.aws_region)
    mirrored = (wal_archive.pull if pull else wal_archive.push)(client, bucket, prefix, directory)
    pg_cluster.hand_to_server_user(directory)
    return mirrored

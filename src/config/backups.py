"""Backup and restore of the configured database (`rastup ops backup|restore`), and the checks after a restore."""

from __future__ import annotations

from pathlib import Path

import attrs

from adapters.sqlalchemy import backups
from config.container import Container
from core.identity.handlers import operators


@attrs.frozen
class RestoreReport:
    """What a restore found: row counts per table against the manifest, and the audit chain."""

    manifest: Path
    row_counts: dict[str, int]
    mismatches: dict[str, tuple[int, int]]
    audit_entries: int
    audit_broken_at: str | None

    @property
    def sound(self) -> bool:
        return not self.mismatches and self.audit_broken_at is None


def back_up(container: Container, directory: Path) -> Path:
    """A backup of DATABASE_URL into ``directory``, stamped by the container's clock; the manifest's path."""
    return backups.backup(container.settings().database_url, directory, container.clock().now())


def restore(container: Container, manifest: Path | None, directory: Path, *, replace: bool) -> RestoreReport:
    """Restore ``manifest`` (or the newest in ``directory``) into DATABASE_URL, then check it."""
    chosen = manifest or backups.latest_manifest(directory)
    restored = backups.restore(chosen, container.settings().database_url, replace=replace)
    checked, broken = operators.verify_audit(container.identity_uow())
    return RestoreReport(chosen, dict(restored.row_counts), dict(restored.mismatches), checked,
                         None if broken is None else str(broken))  # fmt: skip

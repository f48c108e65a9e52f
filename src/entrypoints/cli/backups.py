"""`rastup ops backup` and `rastup ops restore`: the whole database to a file and back, checked."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from config import backups
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container

DEFAULT_DIRECTORY = Path("./var/backups")
Directory = Annotated[Path, typer.Option("--dir", help="Where backups and their manifests live.")]


@reports_errors
def backup(directory: Directory = DEFAULT_DIRECTORY) -> None:
    """Back up DATABASE_URL: PostgreSQL with `pg_dump -Fc` of one snapshot, SQLite with its online backup API.

    Writes the dump and a manifest (row counts per table, SHA-256) and prints them as JSON. Safe while the
    service runs; run it every minute from cron for an RPO under a minute (see docs/runbooks/database-lost.md)."""
    started = time.monotonic()
    manifest = backups.back_up(current_container(), directory)
    counts = json.loads(manifest.read_text())["row_counts"]
    typer.echo(json.dumps({"manifest": str(manifest), "tables": len(counts), "rows": sum(counts.values()),
                           "seconds": round(time.monotonic() - started, 3)}))  # fmt: skip


@reports_errors
def restore(
    manifest: Annotated[Path | None, typer.Argument(help="A manifest; default: the newest in --dir.")] = None,
    directory: Directory = DEFAULT_DIRECTORY,
    replace: Annotated[bool, typer.Option("--replace", help="Drop the database at DATABASE_URL first.")] = False,
) -> None:
    """Restore a backup into DATABASE_URL (refused if it exists, unless --replace), then check it: row counts
    per table equal the manifest's, and the audit chain verifies. Exit 1 when a check fails."""
    started = time.monotonic()
    report = backups.restore(current_container(), manifest, directory, replace=replace)
    typer.echo(json.dumps({"manifest": str(report.manifest), "tables": len(report.row_counts),
                           "rows": sum(report.row_counts.values()), "mismatches": report.mismatches,
                           "audit_entries": report.audit_entries, "audit_broken_at": report.audit_broken_at,
                           "seconds": round(time.monotonic() - started, 3)}))  # fmt: skip
    if not report.sound:
        typer.echo("restore check FAILED: see mismatches and audit_broken_at", err=True)
        raise typer.Exit(1)

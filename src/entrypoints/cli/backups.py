"""`rastup ops backup` and `rastup ops restore`: the whole database to a file and back, checked; progress on stderr."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from adapters.sqlalchemy.ledger_balance import Imbalance
from config import backups
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container
from entrypoints.cli.progress import StderrProgress

DEFAULT_DIRECTORY = Path("./var/backups")
Directory = Annotated[Path, typer.Option("--dir", help="Where backups and their manifests live.")]


@reports_errors
def backup(
    directory: Directory = DEFAULT_DIRECTORY,
    base: Annotated[bool, typer.Option("--base", help="PostgreSQL: a physical base backup for point-in-time "
                                       "recovery (pg_basebackup), to replay the server's WAL archive on.")] = False,
) -> None:  # fmt: skip
    """Back up DATABASE_URL: PostgreSQL with `pg_dump -Fc` of one snapshot, SQLite with its online backup API;
    with --base, the whole PostgreSQL server's files (pg_basebackup) for point-in-time recovery.

    Writes the dump and a manifest (row counts per table, SHA-256) and prints them as JSON. Safe while the
    service runs; run it every minute from cron for an RPO under a minute, or take a base backup daily and
    let the server archive its WAL (see docs/runbooks/database-lost.md)."""
    started = time.monotonic()
    if base:
        with StderrProgress("backup") as progress:
            manifest = backups.base_backup(current_container(), directory, progress)
        typer.echo(json.dumps({"manifest": str(manifest), "seconds": round(time.monotonic() - started, 3)}))
        return
    with StderrProgress("backup") as progress:
        manifest = backups.back_up(current_container(), directory, progress)
    counts = json.loads(manifest.read_text())["row_counts"]
    typer.echo(json.dumps({"manifest": str(manifest), "tables": len(counts), "rows": sum(counts.values()),
                           "seconds": round(time.monotonic() - started, 3)}))  # fmt: skip


@reports_errors
def restore(
    manifest: Annotated[Path | None, typer.Argument(help="A manifest; default: the newest in --dir.")] = None,
    directory: Directory = DEFAULT_DIRECTORY,
    replace: Annotated[bool, typer.Option("--replace", help="Drop the database at DATABASE_URL first.")] = False,
    to: Annotated[str | None, typer.Option("--to", help="Point-in-time recovery to this moment (ISO 8601 with "
                                           "its offset) or `latest` (the archive's end); needs --archive and "
                                           "--data-dir.")] = None,
    archive: Annotated[Path | None, typer.Option("--archive", help="The server's WAL archive.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="A new data directory for the restored "
                                                  "server, which serves on DATABASE_URL's port.")] = None,
) -> None:  # fmt: skip
    """Restore a backup into DATABASE_URL (refused if it exists, unless --replace), then check it: row counts
    per table equal the manifest's, the audit chain verifies, and every booking's ledger entries sum to zero in
    each currency. Exit 1 when a check fails, naming what failed.

    With --to: the newest base backup ending before that moment, its WAL replayed from --archive up to it, into
    --data-dir, served (and left running) on 127.0.0.1 at DATABASE_URL's port; then the audit chain and the ledger
    checked (no manifest counted that moment's rows). Stop it with `pg_ctl -D DATA_DIR stop`."""
    started = time.monotonic()
    if to is not None:
        _restore_to(to, directory, archive, data_dir, started)
        return
    with StderrProgress("restore") as progress:
        report = backups.restore(current_container(), manifest, directory, replace=replace, progress=progress)
    typer.echo(json.dumps({"manifest": str(report.manifest), "tables": len(report.row_counts),
                           "rows": sum(report.row_counts.values()), "mismatches": report.mismatches,
                           **_checked(report.checks), "seconds": round(time.monotonic() - started, 3)}))  # fmt: skip
    _fail_unless_sound(report.checks, mismatches=len(report.mismatches))


def _restore_to(to: str, directory: Path, archive: Path | None, data_dir: Path | None, started: float) -> None:
    if archive is None or data_dir is None:
        raise typer.BadParameter("--to needs --archive and --data-dir", param_hint="--to")
    target = None if to == "latest" else _moment(to)
    with StderrProgress("restore") as progress:
        report = backups.restore_to_time(current_container(), directory, archive, data_dir, target, progress)
    typer.echo(json.dumps({"base_backup": str(report.base_backup), "data_dir": str(report.data_dir),
                           "port": report.port, "to": to, "tables": len(report.row_counts),
                           "rows": sum(report.row_counts.values()), **_checked(report.checks),
                           "seconds": round(time.monotonic() - started, 3)}))  # fmt: skip
    _fail_unless_sound(report.checks, mismatches=0)


def _checked(checks: backups.Checks) -> dict[str, object]:
    return {
        "audit_entries": checks.audit_entries,
        "audit_broken_at": checks.audit_broken_at,
        "ledger_bookings": checks.ledger_bookings,
        "ledger_unbalanced": _imbalances(checks.ledger_unbalanced),
    }


def _imbalances(found: Sequence[Imbalance]) -> list[dict[str, object]]:
    return [{"booking_id": i.booking_id, "currency": i.currency, "sum": i.total} for i in found]


def _fail_unless_sound(checks: backups.Checks, *, mismatches: int) -> None:
    """Exit 1 with a line on stderr per failed check (the JSON on stdout holds the details)."""
    failures = [f"{mismatches} table(s) hold other row counts than the manifest (see mismatches)"] if mismatches else []
    if checks.audit_broken_at is not None:
        failures.append(f"the audit chain is broken at entry {checks.audit_broken_at}")
    if checks.ledger_unbalanced:
        named = ", ".join(f"{i.booking_id} ({i.currency} {i.total:+d})" for i in checks.ledger_unbalanced[:5])
        more = len(checks.ledger_unbalanced) - 5
        failures.append(f"the ledger of {len(checks.ledger_unbalanced)} booking(s) does not balance: {named}"
                        + (f" and {more} more" if more > 0 else ""))  # fmt: skip
    for failure in failures:
        typer.echo(f"restore check FAILED: {failure}", err=True)
    if failures:
        raise typer.Exit(1)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not ISO 8601 (or `latest`)", param_hint="--to") from None
    if moment.tzinfo is None:
        raise typer.BadParameter("give the offset (e.g. +00:00 or Z): a bare time is ambiguous", param_hint="--to")
    return moment


@reports_errors
def wal_sync(
    directory: Annotated[Path, typer.Option("--dir", help="The server's WAL archive directory.")],
    bucket: Annotated[str, typer.Option(help="The S3 bucket (AWS_ENDPOINT_URL for another S3; AWS credentials).")],
    prefix: Annotated[str, typer.Option(help="The key prefix of the segments in the bucket.")] = "wal/",
    pull: Annotated[bool, typer.Option("--pull", help="Fetch what the directory lacks (before a restore).")] = False,
) -> None:
    """Mirror the WAL archive to S3 (run from cron every few seconds: losing the machine then costs at most that
    plus archive_timeout), or with --pull fetch it back into a directory for `rastup ops restore --archive`."""
    mirrored = backups.mirror_wal(current_container(), directory, bucket, prefix, pull=pull)
    typer.echo(json.dumps({"copied": mirrored.copied, "already": mirrored.already, "pull": pull}))

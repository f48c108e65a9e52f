"""`rastup ops check-media`: the object store checked against the media rows (after a restore, or any day)."""

from __future__ import annotations

import json

import attrs
import typer

from core.media.consistency import check_media_store
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container


@reports_errors
def check_media() -> None:
    """Every media row's objects (its original once uploaded, its variants, their public copies while approved)
    must be in the store; objects under originals/, variants/ and public/ that no row names are listed as
    orphans. Prints one JSON object; exit 1 when a row lacks an object (orphans alone do not fail)."""
    container = current_container()
    report = check_media_store(container.media_uow(), container.media_store())
    typer.echo(json.dumps({"rows": report.rows, "objects": report.objects,
                           "missing": [attrs.asdict(missing) for missing in report.missing],
                           "orphans": list(report.orphans), "sound": report.sound}))  # fmt: skip
    if not report.sound:
        typer.echo("media check FAILED: rows lack objects, see missing", err=True)
        raise typer.Exit(1)

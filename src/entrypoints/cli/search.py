"""`rastup search ...`: the people index (rebuilt from the database; kept fresh by the outbox's indexer)."""

from __future__ import annotations

import json

import typer

from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container

app = typer.Typer(help="The search index: rebuild it from the database, or see what it holds.", no_args_is_help=True)


@app.command()
@reports_errors
def reindex() -> None:
    """Rebuild every profile's document from the database (published ones listed, the others removed); on
    Typesense into a new collection, the alias moved to it once it is whole."""
    done = current_container().search().reindex()
    typer.echo(json.dumps({"upserted": done.upserted, "deleted": done.deleted}))


@app.command()
@reports_errors
def rollover() -> None:
    """The day's rollover (the service runs it every SEARCH_ROLLOVER_INTERVAL_S): every availability row
    recomputed from now, then the days of every listed document whose days moved."""
    done = current_container().search().roll_over()
    typer.echo(json.dumps({"calendar_rows": done.calendar_rows, "documents": done.documents,
                           "failed": [failure.owner_id for failure in done.failed]}))  # fmt: skip


@app.command()
@reports_errors
def status() -> None:
    """Listed documents, remembered deletions, and the outbox backlog the indexer has yet to consume."""
    container = current_container()
    index = container.search().index.status()
    now = container.clock().now()
    stats = container.outbox().stats(now)
    typer.echo(json.dumps({"backend": container.settings().search_backend, "documents": index.documents,
                           "tombstones": index.tombstones, "outbox_pending": stats.pending,
                           "outbox_oldest_pending_age_s": round(stats.oldest_pending_age_s(now), 3)}))  # fmt: skip

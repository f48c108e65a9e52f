"""`rastup search ...`: the people index (rebuilt from the database; kept fresh by the outbox's indexer)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from core.search.indexer import INDEXED_TOPICS
from core.search.synonym_commands import DeleteSynonym, SetSynonym
from core.search.synonyms import Synonym
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle

app = typer.Typer(help="The search index: rebuild it from the database, or see what it holds.", no_args_is_help=True)
synonyms_app = typer.Typer(help="Synonyms: a query word that also finds other words (mua -> makeup artist).",
                           no_args_is_help=True)  # fmt: skip
app.add_typer(synonyms_app, name="synonyms")


def _synonym_json(synonym: Synonym) -> str:
    return json.dumps({"term": synonym.term, "expansions": list(synonym.expansions)})


@synonyms_app.command("list")
@reports_errors
def list_synonyms() -> None:
    """Every synonym, one JSON object per line, by term."""
    for synonym in current_container().search().synonyms.all():
        typer.echo(_synonym_json(synonym))


@synonyms_app.command("set")
@reports_errors
def set_synonym(
    term: Annotated[str, typer.Argument(help="One word, e.g. mua (normalised: lowercase ASCII).")],
    expansions: Annotated[list[str], typer.Argument(help="What it also finds, e.g. 'makeup artist'.")],
) -> None:
    """TERM also finds each of EXPANSIONS (replacing what it found before); every process within seconds."""
    typer.echo(_synonym_json(handle(SetSynonym(actor=OPERATOR, term=term, expansions=tuple(expansions)))))


@synonyms_app.command("delete")
@reports_errors
def delete_synonym(term: Annotated[str, typer.Argument(help="The synonym's term.")]) -> None:
    """TERM finds only itself again."""
    handle(DeleteSynonym(actor=OPERATOR, term=term))
    typer.echo(json.dumps({"deleted": term}))


@app.command()
@reports_errors
def reindex() -> None:
    """Rebuild every profile's document from the database (published ones listed, the others removed); on
    Typesense into a new collection, the alias moved to it once it is whole. Documents the index kept refusing
    are listed in ``failed`` (exit 1): they stay out until their next change or the next reindex."""
    done = current_container().search().reindex()
    typer.echo(json.dumps({"upserted": done.upserted, "deleted": done.deleted, "failed": list(done.failed)}))
    if done.failed:
        raise typer.Exit(1)


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
    """Listed documents, remembered deletions, and the indexer's backlog (outbox messages on its topics not yet
    delivered), lag (the oldest one's age) and dead letters (``rastup outbox dead``), as on /metrics."""
    container = current_container()
    index = container.search().index.status()
    now = container.clock().now()
    stats = container.outbox().stats(now)
    backlog = container.outbox().stats(now, INDEXED_TOPICS)
    typer.echo(json.dumps({"backend": container.settings().search_backend, "documents": index.documents,
                           "tombstones": index.tombstones, "indexer_backlog": backlog.pending,
                           "indexer_lag_s": round(backlog.oldest_pending_age_s(now), 3),
                           "indexer_dead": backlog.dead, "outbox_pending": stats.pending,
                           "outbox_oldest_pending_age_s": round(stats.oldest_pending_age_s(now), 3)}))  # fmt: skip

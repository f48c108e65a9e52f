"""`rastup outbox ...`: the outbox of outbound events (account deletion's clean-up; later search and payments)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from entrypoints.cli.draining import drain, print_dead_letters
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container

app = typer.Typer(
    help="Outbound events: the service relays them to their consumers; these commands inspect and nudge the outbox.",
    no_args_is_help=True,
)


@app.command()
@reports_errors
def status() -> None:
    """Count what is due, backing off after a failure, being delivered (leased) and dead, and the oldest's age."""
    container = current_container()
    now = container.clock().now()
    stats = container.outbox().stats(now)
    typer.echo(json.dumps({"pending": stats.pending, "due": stats.due, "backing_off": stats.backing_off,
                           "leased": stats.leased, "dead": stats.dead,
                           "oldest_pending_age_s": round(stats.oldest_pending_age_s(now), 3)}))  # fmt: skip


@app.command()
@reports_errors
def run() -> None:
    """Relay everything due now, here (without a running service, or to drain by hand).

    Exits 1 when a message became a dead letter in this run (it is kept: see `rastup outbox dead`)."""
    drain(current_container().outbox_relay().run_once, "event", "rastup outbox dead")


@app.command("dead")
@reports_errors
def dead_letters(limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100) -> None:
    """List dead letters, oldest first, one JSON object per line (never the event's payload)."""
    print_dead_letters(current_container().outbox().dead_letters(limit))


@app.command("retry-dead")
@reports_errors
def retry_dead() -> None:
    """Make every dead letter due again with a fresh count of attempts (after fixing what failed)."""
    typer.echo(json.dumps({"requeued": current_container().outbox().requeue_dead()}))

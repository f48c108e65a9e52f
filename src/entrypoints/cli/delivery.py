"""`rastup delivery ...`: the queue of outbound email and SMS (for SMTP, SES and SNS, and every digest)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from entrypoints.cli.draining import drain, print_dead_letters
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container

app = typer.Typer(
    help="Queued email and SMS: the service delivers them; these commands inspect and nudge the queue.",
    no_args_is_help=True,
)


@app.command()
@reports_errors
def status() -> None:
    """Count what is due, backing off after a failure, being sent (leased) and dead; age the oldest waiting."""
    container = current_container()
    queue, now = container.delivery_queue(), container.clock().now()
    summary, oldest = queue.summary(now), queue.oldest_waiting()
    age = None if oldest is None else round((now - oldest).total_seconds(), 1)
    typer.echo(json.dumps({"due": summary.due, "backing_off": summary.backing_off, "leased": summary.leased,
                           "dead": summary.dead, "oldest_waiting_age_s": age}))  # fmt: skip


@app.command()
@reports_errors
def run() -> None:
    """Deliver everything due now, here (for a deployment without a running service, or to drain by hand).

    Exits 1 when a message failed for good in this run (it is kept: see `rastup delivery dead`)."""
    drain(current_container().delivery_dispatcher().run_once, "message", "rastup delivery dead")


@app.command("dead")
@reports_errors
def dead_letters(limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100) -> None:
    """List dead letters, oldest first, one JSON object per line (never a recipient or a text)."""
    print_dead_letters(current_container().delivery_queue().dead_letters(limit))


@app.command("requeue-dead")
@reports_errors
def requeue_dead() -> None:
    """Queue every dead letter again with a fresh count of attempts (after fixing the mail settings)."""
    typer.echo(json.dumps({"requeued": current_container().delivery_queue().requeue_dead()}))

"""`rastup messages ...`: the unread-message email sweep, on demand (the service runs it every minute)."""

from __future__ import annotations

import json

import attrs
import typer

from core.messaging.unread_mail import SWEEP, notify_unread
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container

app = typer.Typer(help="Messaging: unread-message email notices.", no_args_is_help=True)


@app.command("notify-unread")
@reports_errors
def notify_unread_command() -> None:
    """Queue one email per recipient with threads unread past the quiet period, consent given and outside their
    quiet hours; each thread at most once per unread burst (idempotent). Prints what the sweep did, or
    ``{"running_elsewhere": true}`` while a service process runs the same round (one process at a time)."""
    container = current_container()
    with container.sweep_leadership().round(SWEEP) as leading:
        if not leading:
            typer.echo(json.dumps({"running_elsewhere": True}))
            return
        run = notify_unread(container.messaging_uow, container.message_directory(), container.email_sender(),
                            container.clock(), container.contact_detector(),
                            links=container.unsubscribe_links())  # fmt: skip
    typer.echo(json.dumps(attrs.asdict(run)))

"""`rastup digests ...`: consent and limits per recipient, the idempotent weekly send, the outbox."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from core.onboarding.commands import SendWeeklyDigests, SetDigestPreferences
from core.onboarding.digests import Preferences
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle

app = typer.Typer(help="Onboarding nudges and weekly digests.", no_args_is_help=True)


@app.command()
@reports_errors
def consent(
    recipient_id: Annotated[str, typer.Argument(help="The profile whose owner receives the digest.")],
    address: Annotated[str, typer.Option(help="Email address.")],
    digest: Annotated[bool, typer.Option("--digest/--no-digest", help="Weekly digest consent.")] = True,
    nudges: Annotated[bool, typer.Option("--nudges/--no-nudges", help="Onboarding nudges in the digest.")] = True,
    time_zone: Annotated[str, typer.Option(help="IANA zone for quiet hours.")] = "UTC",
    quiet: Annotated[str, typer.Option(help="Quiet hours HH:MM-HH:MM, local time.")] = "22:00-08:00",
    max_per_week: Annotated[int, typer.Option(min=0, max=50)] = 3,
) -> None:
    """Record a recipient's consent, time zone, quiet hours and weekly cap."""
    start, end = quiet_hours(quiet)
    prefs = Preferences(recipient_id, address, digest, nudges, time_zone, start, end, max_per_week)
    handle(SetDigestPreferences(OPERATOR, prefs))
    typer.echo(json.dumps({"recipient_id": recipient_id, "digest": digest, "nudges": nudges}))


def quiet_hours(quiet: str) -> tuple[int, int]:
    """``--quiet HH:MM-HH:MM`` as the minutes of the day it starts and ends."""
    try:
        start, end = (int(h) * 60 + int(m) for h, m in (part.split(":") for part in quiet.split("-")))
    except ValueError:
        raise typer.BadParameter("use HH:MM-HH:MM", param_hint="--quiet") from None
    return start, end


@app.command()
@reports_errors
def send(week: Annotated[str, typer.Option(help="ISO week, e.g. 2026-W48.")]) -> None:
    """Send the week's digest to every consenting recipient. Idempotent: a rerun sends nothing twice."""
    run = handle(SendWeeklyDigests(OPERATOR, week))
    typer.echo(json.dumps({"week": run.week, "sent": run.sent, "outcomes": run.outcomes}, sort_keys=True))


@app.command()
@reports_errors
def outbox(limit: Annotated[int, typer.Option(min=1, max=1000)] = 100) -> None:
    """Print queued messages (the embedded notifier), one JSON object per line."""
    with current_container().digests_uow() as uow:
        for message in uow.notifier.queued(limit):
            typer.echo(json.dumps({"to": message.address, "subject": message.subject, "body": message.body}))

"""`rastup reviews ...`: publish the review windows that closed, queue the reminders due, read a
profile's public reviews, hide or restore one (the CLI acts as operator)."""

from __future__ import annotations

import json
from typing import Annotated

import attrs
import typer

from core.onboarding.commands import SetReminderPreferences
from core.reviews.commands import HideReview
from core.reviews.handlers import public_reviews, publish_due_reviews
from core.reviews.reminding import send_review_reminders
from core.shared.actor import OPERATOR
from entrypoints.cli.digests import quiet_hours
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.reviews import ReviewOut

app = typer.Typer(help="Reviews: publication sweep, public reviews, moderation.", no_args_is_help=True)


def _line(review: ReviewOut) -> str:
    return json.dumps(attrs.asdict(review), default=str)


@app.command("publish-due")
@reports_errors
def publish_due(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many windows.")] = 500,
) -> None:
    """Publish the reviews of every window that closed with a review waiting in it (idempotent; the service's
    booking sweep does the same)."""
    container = current_container()
    published = publish_due_reviews(container.reviews_uow(), container.clock(), limit)
    typer.echo(json.dumps({"published": published, "count": len(published)}))


@app.command("remind-due")
@reports_errors
def remind_due(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many windows.")] = 500,
) -> None:
    """Queue the day-2 and day-10 reminders due now to each side yet to review that consented to reminders
    (idempotent: at most once per side per day; the service's booking sweep does the same)."""
    container = current_container()
    queued = send_review_reminders(container.reviews_uow(), container.digests_uow, container.identity_uow,
                                   container.email_sender(), container.clock(), container.review_rules(),
                                   limit)  # fmt: skip
    lines = [{"bookingId": booking_id, "side": side.value, "day": day} for booking_id, (side, day) in queued]
    typer.echo(json.dumps({"queued": lines, "count": len(queued)}))


@app.command("reminder-consent")
@reports_errors
def reminder_consent(
    user_id: Annotated[str, typer.Argument(help="The user (account) reminded: a client or a profile owner.")],
    consent: Annotated[bool, typer.Option("--consent/--no-consent", help="Consent to review reminders.")] = True,
    time_zone: Annotated[str, typer.Option(help="IANA zone for quiet hours.")] = "UTC",
    quiet: Annotated[str, typer.Option(help="Quiet hours HH:MM-HH:MM, local time.")] = "22:00-08:00",
) -> None:
    """Record a user's consent to reminders, time zone and quiet hours (kept per account, clients included)."""
    start, end = quiet_hours(quiet)
    command = SetReminderPreferences(actor=OPERATOR, user_id=user_id, reminder_consent=consent, time_zone=time_zone,
                                     quiet_start_minute=start, quiet_end_minute=end)  # fmt: skip
    prefs = handle(command)
    typer.echo(json.dumps({"userId": prefs.user_id, "consent": prefs.reminder_consent, "timeZone": prefs.time_zone}))


@app.command("list")
@reports_errors
def list_reviews(
    subject: Annotated[str, typer.Argument(help="A profile id (or a client's user id).")],
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """The public reviews of SUBJECT, newest first, one JSON object per line."""
    for review in public_reviews(current_container().reviews_uow(), subject, limit):
        typer.echo(_line(ReviewOut.of(review)))


@app.command("hide")
@reports_errors
def hide(
    review_id: Annotated[str, typer.Argument(help="The review's id (rvw_...).")],
    restore: Annotated[bool, typer.Option("--restore", help="Show a hidden review again.")] = False,
) -> None:
    """Hide REVIEW_ID from the public page and reputation (or restore it with --restore)."""
    typer.echo(_line(ReviewOut.of(handle(HideReview(actor=OPERATOR, review_id=review_id, hidden=not restore)))))

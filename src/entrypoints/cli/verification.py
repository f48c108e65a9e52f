"""`rastup verification queue|approve|reject`: the staff review of identity and business documents."""

from __future__ import annotations

import json
from typing import Annotated

import attrs
import typer

from core.onboarding.commands import ApproveVerification, RejectVerification
from core.onboarding.verification_handlers import approve_verification, reject_verification, verification_queue
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container
from entrypoints.shapes.bounds import REASON, bounded_text
from entrypoints.shapes.onboarding import VerificationOut

app = typer.Typer(help="Staff review of verification documents.", no_args_is_help=True)
Staff = Annotated[str, typer.Option(help="Who decides (recorded with the decision).")]


def _json(out: VerificationOut) -> str:
    return json.dumps(attrs.asdict(out), ensure_ascii=False, default=str)


@app.command()
@reports_errors
def queue(limit: Annotated[int, typer.Option(min=1, max=200)] = 50) -> None:
    """Pending requests, oldest first, one JSON object per line."""
    for request in verification_queue(limit, current_container().onboarding_uow()):
        typer.echo(_json(VerificationOut.of(request)))


@app.command()
@reports_errors
def approve(request_id: str, staff: Staff) -> None:
    """Approve a pending request (exit 4 if it was already decided)."""
    container = current_container()
    request = approve_verification(
        ApproveVerification(request_id, staff), container.onboarding_uow(), container.clock()
    )
    typer.echo(_json(VerificationOut.of(request)))


@app.command()
@reports_errors
def reject(
    request_id: str, staff: Staff, reason: Annotated[str, typer.Option(help="Shown to the owner in their banner.")]
) -> None:
    """Reject a pending request with a reason."""
    container = current_container()
    command = RejectVerification(request_id, bounded_text("staff", staff), bounded_text("reason", reason, REASON))
    typer.echo(_json(VerificationOut.of(reject_verification(command, container.onboarding_uow(), container.clock()))))

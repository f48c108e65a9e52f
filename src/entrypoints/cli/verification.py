"""`rastup verification queue|approve|reject`: the staff review of identity and business documents."""

from __future__ import annotations

import json
from typing import Annotated

import attrs
import typer

from core.onboarding.commands import ApproveVerification, RejectVerification
from core.onboarding.verification_handlers import verification_queue
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
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
    for request in verification_queue(limit, OPERATOR, current_container().onboarding_uow()):
        typer.echo(_json(VerificationOut.of(request)))


@app.command()
@reports_errors
def approve(request_id: str, staff: Staff) -> None:
    """Approve a pending request (exit 4 if it was already decided)."""
    request = handle(ApproveVerification(OPERATOR, request_id, staff=staff))
    typer.echo(_json(VerificationOut.of(request)))


@app.command()
@reports_errors
def reject(
    request_id: str, staff: Staff, reason: Annotated[str, typer.Option(help="Shown to the owner in their banner.")]
) -> None:
    """Reject a pending request with a reason."""
    command = RejectVerification(OPERATOR, request_id, bounded_text("reason", reason, REASON),
                                 staff=bounded_text("staff", staff))  # fmt: skip
    typer.echo(_json(VerificationOut.of(handle(command))))

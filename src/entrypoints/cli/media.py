"""`rastup media review-queue|approve|reject|reprocess`: staff moderation and repairs of portfolio media."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

import attrs
import typer
from rich.progress import track

from core.media.commands import ReprocessMedia, ReviewMedia
from core.media.model import MediaAsset
from core.media.ports import ObjectStore
from core.media.uploads import purge_abandoned_uploads
from core.media.views import review_queue, stuck_media
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.bounds import REASON, bounded_text
from entrypoints.shapes.media import MediaOut

app = typer.Typer(help="Portfolio media: staff review and reprocessing.", no_args_is_help=True)
Staff = Annotated[str, typer.Option(help="Who decides (recorded with the decision).")]


def _json(asset: MediaAsset, store: ObjectStore) -> str:
    return json.dumps(attrs.asdict(MediaOut.of(asset, store)), ensure_ascii=False, default=str)


@app.command("review-queue")
@reports_errors
def queue(limit: Annotated[int, typer.Option(min=1, max=500)] = 50) -> None:
    """Items waiting for a person, oldest first, one JSON object per line (with the moderator's scores)."""
    container = current_container()
    for asset in review_queue(OPERATOR, limit, container.media_uow()):
        typer.echo(_json(asset, container.media_store()))


def _decide(media_id: str, approve: bool, staff: str, reason: str) -> None:
    command = ReviewMedia(actor=OPERATOR, media_id=media_id, approve=approve, staff=bounded_text("staff", staff),
                          reason=bounded_text("reason", reason, REASON))  # fmt: skip
    typer.echo(_json(handle(command), current_container().media_store()))


@app.command()
@reports_errors
def approve(media_id: str, staff: Staff) -> None:
    """Approve an item: its variants become public."""
    _decide(media_id, True, staff, "")


@app.command()
@reports_errors
def reject(media_id: str, staff: Staff, reason: Annotated[str, typer.Option(help="Shown to the owner.")]) -> None:
    """Reject (or take down) an item with a reason; its public copies are removed first."""
    _decide(media_id, False, staff, reason)


@app.command()
@reports_errors
def reprocess(
    media_id: Annotated[str | None, typer.Argument(help="One item; omit with --stuck.")] = None,
    stuck: Annotated[bool, typer.Option(help="Every item left in 'processing' (a worker died mid-way).")] = False,
) -> None:
    """Render again from the original (a stuck item is moderated again); JSON per item."""
    if (media_id is None) == (not stuck):
        raise typer.BadParameter("give a MEDIA_ID or --stuck, not both")
    container = current_container()
    store = container.media_store()
    ids = [media_id] if media_id else [a.id for a in stuck_media(10_000, container.media_uow())]
    for one in track(ids, description="reprocessing", disable=len(ids) < 2):
        typer.echo(_json(handle(ReprocessMedia(actor=OPERATOR, media_id=one)), store))


@app.command("purge-abandoned")
@reports_errors
def purge_abandoned(
    older_than_hours: Annotated[int, typer.Option(min=0, help="Hours past the upload URL's expiry.")] = 24,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="At most this many per run.")] = 500,
) -> None:
    """Forget uploads started and never completed, with any file that reached storage (run it daily)."""
    container = current_container()
    purged = purge_abandoned_uploads(container.media_uow(), container.media_store(), container.clock(),
                                     timedelta(hours=older_than_hours), limit)  # fmt: skip
    typer.echo(json.dumps({"purged": purged, "count": len(purged)}))

"""`rastup calendar ...`: schedules, availability, explanations, feed sync, export URLs, the index."""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import attrs
import typer
from rich.progress import Progress

from core.calendar.commands import (
    CreateExportFeed,
    ExplainInterval,
    QueryAvailability,
    ReplaceSchedule,
    RotateExportToken,
)
from core.calendar.errors import ScheduleUnreadable
from core.calendar.feed_handlers import FeedSyncResult, sync_due_feeds
from core.calendar.handlers import availability, explain_interval, get_schedule
from core.calendar.index_handlers import refresh_all_availability, refresh_availability
from core.profiles.visibility import OPERATOR
from core.shared.errors import InvalidInput, NotFound
from entrypoints.cli.errors import EXIT_FAILURE, reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.bounds import MAX_DEPTH, nesting_depth
from entrypoints.shapes.calendar import ScheduleIn, ScheduleOut, aware_instant, local_date
from entrypoints.shapes.calendar_views import AvailabilityOut, ExplanationOut, reason_out
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed, structure_body

app = typer.Typer(help="Schedules, availability, imported and exported calendar feeds.", no_args_is_help=True)
ProfileId = Annotated[str, typer.Argument(help="The profile (provider or studio) id, e.g. prf_demo_photographer_la.")]


def _print(data: Any) -> None:
    typer.echo(json.dumps(attrs.asdict(data) if attrs.has(type(data)) else data, indent=2, default=str))


def _schedule_file(path: Path, version: int | None, current: int) -> ScheduleIn:
    """The PUT body in ``path`` (``-``: stdin); ``show-schedule`` output is accepted as it is."""
    raw = sys.stdin.read() if str(path) == "-" else path.read_text()
    if nesting_depth(raw.encode()) > MAX_DEPTH:
        raise InvalidInput("file", f"the JSON nests deeper than {MAX_DEPTH} levels")
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise InvalidInput("file", f"not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise InvalidInput("file", "must hold a JSON object")
    for key in ("owner_id", "updated_at"):
        document.pop(key, None)
    document["version"] = version if version is not None else document.get("version", current)
    try:
        body: ScheduleIn = structure_body(json.dumps(document).encode(), ScheduleIn)
    except BodyMalformed as error:
        raise InvalidInput("file", error.detail) from None
    except BodyInvalid as error:
        raise InvalidInput(error.errors[0]["field"] or "file", error.errors[0]["reason"]) from None
    return body


@app.command("show-schedule")
@reports_errors
def show_schedule(profile_id: ProfileId) -> None:
    """Print the schedule as JSON (the shape `set-schedule` reads)."""
    _print(ScheduleOut.of_stored(get_schedule(profile_id, OPERATOR, current_container().calendar_uow())))


@app.command("set-schedule")
@reports_errors
def set_schedule(
    profile_id: ProfileId,
    path: Annotated[Path, typer.Argument(help="JSON file like PUT /api/profiles/{id}/schedule; - for stdin.")],
    version: Annotated[int | None, typer.Option(help="Version last read; default: the file's, else current.")] = None,
) -> None:
    """Replace the schedule from a JSON file; prints the stored schedule."""
    try:
        current = get_schedule(profile_id, OPERATOR, current_container().calendar_uow()).version
    except NotFound:  # no schedule yet (or no profile: the replace below says which)
        current = 0
    except ScheduleUnreadable as stored:  # stored out of range: the file replaces it
        current = stored.version
    body = _schedule_file(path, version, current)
    command = ReplaceSchedule(actor=OPERATOR, schedule=body.schedule(profile_id), expected_version=body.version)
    _print(ScheduleOut.of_stored(handle(command)))


@app.command("availability")
@reports_errors
def show_availability(
    profile_id: ProfileId,
    from_date: Annotated[str | None, typer.Option("--from", help="First local date YYYY-MM-DD; default today.")] = None,
    days: Annotated[int, typer.Option(min=1, max=62)] = 14,
    duration: Annotated[
        int | None, typer.Option(min=1, max=24 * 60, help="Minutes; default the schedule's minimum.")
    ] = None,
) -> None:
    """Bookable slots (UTC and local) as JSON, like GET /api/profiles/{id}/availability."""
    container = current_container()
    first = local_date("from", from_date) if from_date else None
    length = timedelta(minutes=duration) if duration else None
    found = availability(
        QueryAvailability(profile_id, first, days, length), OPERATOR, container.calendar_uow(), container.clock()
    )
    _print(AvailabilityOut.of(found))


@app.command("explain")
@reports_errors
def explain(
    profile_id: ProfileId,
    start: Annotated[str, typer.Option(help="ISO 8601 instant with offset, e.g. 2026-12-01T17:00:00Z")],
    end: Annotated[str, typer.Option(help="ISO 8601 instant with offset")],
) -> None:
    """Why an interval cannot be booked (JSON reasons; `bookable: true` when nothing is in the way)."""
    container = current_container()
    query = ExplainInterval(profile_id, aware_instant("start", start), aware_instant("end", end))
    reasons = explain_interval(query, OPERATOR, container.calendar_uow(), container.clock())
    _print(ExplanationOut(not reasons, [reason_out(r) for r in reasons]))


@app.command("sync")
@reports_errors
def sync() -> None:
    """Sync every imported feed that is due, with a progress bar. Exits 1 listing the feeds that failed."""
    container = current_container()
    with Progress(transient=False) as bar:
        task = bar.add_task("Syncing calendar feeds", total=None)

        def started(total: int) -> None:
            bar.update(task, total=total)

        def advanced(_result: FeedSyncResult) -> None:
            bar.advance(task)

        results = sync_due_feeds(container.calendar_uow(), container.clock(), container.feed_fetcher(),
                                 container.busy_parser_for(), started=started, progress=advanced)  # fmt: skip
    failed = [r for r in results if not r.ok]
    typer.echo(f"{len(results)} feeds synced, {len(failed)} failed")
    for result in failed:
        why = f"{result.failure.failure.value} {result.failure.detail}" if result.failure else f"error {result.error}"
        print(f"failed: {result.feed_id} ({result.owner_id}) {result.url}: {why}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


@app.command("export-url")
@reports_errors
def export_url(
    profile_id: ProfileId,
    rotate: Annotated[bool, typer.Option(help="Replace the token of an existing feed (the old URL dies).")] = False,
) -> None:
    """Issue the profile's export feed and print its URL (shown once: only a digest is stored)."""
    issue = RotateExportToken if rotate else CreateExportFeed
    _feed, token = handle(issue(actor=OPERATOR, owner_id=profile_id))
    typer.echo(f"{current_container().settings().public_base_url.rstrip('/')}/calendar/{token}.ics")


@app.command("reindex")
@reports_errors
def reindex(
    profile_id: Annotated[
        str | None, typer.Argument(help="One profile; default every profile with a schedule.")
    ] = None,
) -> None:
    """Refresh the availability index (bookable minutes per day for 14 days) for one profile or all. A profile
    whose schedule cannot be used is skipped and listed on stderr; the others are still indexed, then exit 1."""
    container = current_container()
    uow, clock = container.calendar_uow(), container.clock()
    if profile_id is not None:
        row = refresh_availability(profile_id, uow, clock)
        if row is None:
            _print({"profile_id": profile_id, "indexed": False})  # no schedule: no row
            return
        _print({"profile_id": row.profile_id, "indexed": True, "from_date": row.from_date.isoformat(),
                "duration_minutes": row.duration // timedelta(minutes=1), "bookable_minutes": row.bookable_minutes,
                "first_slot": row.first_slot, "refreshed_at": row.refreshed_at})  # fmt: skip
        return
    started = time.perf_counter()
    with Progress() as bar:
        task = bar.add_task("Reindexing availability", total=None)
        done = refresh_all_availability(uow, clock, progress=lambda n: bar.advance(task, n))
    seconds = time.perf_counter() - started
    typer.echo(f"{done.indexed} profiles indexed in {seconds:.2f} s")
    for failure in done.failed:
        print(f"skipped: {failure.owner_id}: {failure.reason}", file=sys.stderr)
    if done.failed:
        print(f"error: {len(done.failed)} profiles could not be indexed (their rows were removed)", file=sys.stderr)
        raise typer.Exit(EXIT_FAILURE)

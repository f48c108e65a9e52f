"""Calendar routes under /api/profiles/{id}: schedule, availability, explain; and the public ICS feed."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta
from typing import Annotated, cast

from litestar import MediaType, Response, Router, get, put
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter
from litestar.serialization import encode_json

from adapters.ics.render import render_feed
from core.calendar.availability_reads import AvailabilityInputs
from core.calendar.commands import ExplainInterval, QueryAvailability, ReplaceSchedule
from core.calendar.export_handlers import export_feed_for_token
from core.calendar.handlers import availability_inputs, explain_interval, get_schedule
from core.shared.actor import ANONYMOUS
from core.shared.errors import NotFound
from entrypoints.http.caller import CurrentUserDep, ViewerDep
from entrypoints.http.dependencies import CalendarReadDesk, CalendarReadDeskDep, CalendarUow, ClockDep, CommandsDep
from entrypoints.http.page_cache import availability_answers
from entrypoints.http.routes import calendar_feeds
from entrypoints.shapes.calendar import ScheduleIn, ScheduleOut, aware_instant, local_date
from entrypoints.shapes.calendar_views import AvailabilityOut, ExplanationOut, reason_out

ICS = "text/calendar"  # Litestar adds "; charset=utf-8"


def _with_etag(out: ScheduleOut) -> Response[ScheduleOut]:
    return Response(out, headers={"ETag": f'W/"{out.version}"'})


@put("/schedule", tags=["calendar"], sync_to_thread=True, problems=("version-conflict",))
def put_schedule(
    profile_id: FromPath[str], data: JSONBody[ScheduleIn], commands: CommandsDep, current_user: CurrentUserDep
) -> Response[ScheduleOut]:
    """Replace the whole schedule; ``version`` is the one last read (0 for the first). Stale -> 409; a
    schedule that makes no sense -> 422 naming the field. Owner only."""
    command = ReplaceSchedule(actor=current_user, schedule=data.schedule(profile_id), expected_version=data.version)
    return _with_etag(ScheduleOut.of_stored(commands.handle(command)))


@get("/schedule", tags=["calendar"], sync_to_thread=True)
def read_schedule(profile_id: FromPath[str], calendar_uow: CalendarUow, viewer: ViewerDep) -> Response[ScheduleOut]:
    """The profile's schedule with its version (weak ETag); 404 if the profile or its schedule is unknown, or
    the profile is one the caller may not see."""
    return _with_etag(ScheduleOut.of_stored(get_schedule(profile_id, viewer, calendar_uow)))


AVAILABILITY_RESPONSES = {
    200: ResponseSpec(AvailabilityOut, description="Request fulfilled, document follows", generate_examples=False)
}


def _availability_body(inputs: AvailabilityInputs) -> bytes:
    return availability_answers().body(
        "availability", inputs.key, lambda: encode_json(AvailabilityOut.of(inputs.computed()))
    )


def _read_availability(query: QueryAvailability, desk: CalendarReadDesk,
                       kept: AvailabilityInputs | None) -> Response[bytes]:  # fmt: skip
    inputs = kept
    if inputs is None:
        since = desk.reads.inputs.since()
        inputs = availability_inputs(query, desk.viewer, desk.new_uow(), desk.clock)
        if desk.viewer == ANONYMOUS:  # a profile anyone may see (published): kept a moment for anyone
            desk.reads.inputs.put(query, inputs.now, query.owner_id, inputs, since)
    return Response(_availability_body(inputs), media_type=MediaType.JSON)


@get("/availability", tags=["calendar"], responses=AVAILABILITY_RESPONSES)
async def read_availability(
    profile_id: FromPath[str],
    calendar_read_desk: CalendarReadDeskDep,
    from_date: Annotated[str | None, QueryParameter(name="from", description="YYYY-MM-DD, local")] = None,
    days: Annotated[int, QueryParameter(ge=1, le=62)] = 14,
    duration: Annotated[int | None, QueryParameter(ge=1, le=24 * 60, description="minutes")] = None,
) -> Response[bytes]:
    """Bookable slots of ``days`` local dates from ``from`` (default: today in the profile's zone), each in
    UTC and in the profile's local time. ``duration`` defaults to the schedule's minimum. 404 for a profile the
    caller may not see. An answer computed from the same inputs (within the same second) is the worker's encoded
    one. The schedule and busy time are read every time, except that an anonymous read of a published profile
    reuses those read for the same query a moment ago (``PUBLIC_READ_KEEP_S``; a change this process makes
    forgets them at once), computed again at the instant of the read; answered on the event loop when that
    answer is kept, else on a worker thread."""
    query = QueryAvailability(
        profile_id,
        local_date("from", from_date) if from_date is not None else None,
        days,
        timedelta(minutes=duration) if duration is not None else None,
    )
    desk = calendar_read_desk
    kept = None
    if desk.viewer == ANONYMOUS and (found := desk.reads.inputs.get(query, now := desk.clock.now())) is not None:
        kept = cast(AvailabilityInputs, found).later(now, today_asked=query.from_date is None)
        if kept is not None and (body := availability_answers().kept("availability", kept.key)) is not None:
            return Response(body, media_type=MediaType.JSON)
    return await asyncio.to_thread(_read_availability, query, desk, kept)


@get("/availability/explain", tags=["calendar"], sync_to_thread=True)
def read_explanation(
    profile_id: FromPath[str], start: FromQuery[str], end: FromQuery[str], calendar_uow: CalendarUow, clock: ClockDep,
    current_user: CurrentUserDep,
) -> ExplanationOut:  # fmt: skip
    """Why ``[start, end)`` (ISO 8601 with offsets) cannot be booked: every rule, exception, buffer, notice,
    booking or imported event (with its UID) in the way; no reasons exactly when it can be. Owner only: the
    bookings and imported events are the owner's business (anyone may read ``availability``)."""
    query = ExplainInterval(profile_id, aware_instant("start", start), aware_instant("end", end))
    reasons = explain_interval(query, current_user, calendar_uow, clock)
    return ExplanationOut(not reasons, [reason_out(r) for r in reasons])


@get("/{feed_file:str}", tags=["calendar"], sync_to_thread=True, media_type=ICS)
def public_feed(
    feed_file: FromPath[str],
    calendar_read_uow: CalendarUow,
    if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
) -> Response[bytes]:
    """The export feed at its token URL (``/calendar/<token>.ics``); 404 for an unknown or revoked token."""
    token = feed_file.removesuffix(".ics")
    if token == feed_file:
        raise NotFound("calendar export feed", "token")
    feed = export_feed_for_token(token, calendar_read_uow)  # on the replica while it keeps up
    body = render_feed(feed.feed_events(), "RastUp bookings")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
    if if_none_match == etag:
        return Response(b"", status_code=304, headers=headers, media_type=ICS)
    return Response(body, headers=headers, media_type=ICS)


router = Router(
    "/api/profiles/{profile_id:str}",
    route_handlers=[put_schedule, read_schedule, read_availability, read_explanation, *calendar_feeds.handlers],
)
public_router = Router("/calendar", route_handlers=[public_feed])

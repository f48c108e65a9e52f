"""Calendar feed routes under /api/profiles/{id}/calendar: imported feeds (URL or upload) and the export feed."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import attrs
from anyio import to_thread
from litestar import Request, Response, delete, get, post
from litestar.params import FromPath, QueryParameter

from core.calendar.commands import ImportFeedFile, SubscribeFeed
from core.calendar.export import ExportFeed
from core.calendar.export_handlers import create_export_feed, revoke_export_feed, rotate_export_token
from core.calendar.feed_handlers import import_feed_file, list_feeds, remove_feed, subscribe_feed
from entrypoints.http.authorization import CurrentUserDep, require_owned
from entrypoints.http.bodies import is_json
from entrypoints.http.dependencies import (
    BusyParserForDep,
    CalendarUow,
    ClockDep,
    ExportTokensDep,
    FeedAddressesDep,
    FeedFetcherDep,
    IdsDep,
    ProfilesUow,
    PublicBaseUrl,
)
from entrypoints.http.problems import problem
from entrypoints.shapes.bounds import Url
from entrypoints.shapes.calendar import utc_text
from entrypoints.shapes.calendar_views import ExportOut, FeedOut
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed, structure_body


@attrs.frozen
class FeedUrlIn:
    url: Url  # http, https or webcal; no credentials; a public host


@post("/calendar/feeds", tags=["calendar"])
async def add_feed(
    request: Request[Any, Any, Any],
    profile_id: FromPath[str],
    calendar_uow: CalendarUow,
    clock: ClockDep,
    ids: IdsDep,
    feed_fetcher: FeedFetcherDep,
    feed_addresses: FeedAddressesDep,
    busy_parser_for: BusyParserForDep,
    profiles_uow: ProfilesUow,
    current_user: CurrentUserDep,
    name: Annotated[str, QueryParameter(description="the uploaded file's name")] = "calendar.ics",
) -> Response[Any]:
    """Subscribe to a feed URL with ``{"url": ...}`` (synced once right away; a failure shows in ``status``
    and ``last_error``; a URL that would never be fetched - credentials, a non-public address - is 422 naming
    ``url``, nothing stored), or upload an ICS file as ``Content-Type: text/calendar`` (malformed: 422). Owner only."""
    await to_thread.run_sync(require_owned, profile_id, current_user, profiles_uow)  # before reading any body
    raw = await request.body()  # the only async step: the check above and the handlers below run in a thread
    content_type = request.content_type[0].lower()
    if content_type in {"text/calendar", "application/octet-stream"}:
        command = ImportFeedFile(profile_id, name, raw)
        run = partial(import_feed_file, command, calendar_uow, clock, ids, busy_parser_for)
        return Response(FeedOut.of(await to_thread.run_sync(run)), status_code=201)
    if not is_json(content_type):
        return problem(
            "unsupported-media-type", 'send {"url": ...} as application/json, or an ICS file as text/calendar'
        )
    try:
        body: FeedUrlIn = structure_body(raw, FeedUrlIn)
    except BodyMalformed as error:
        return problem(error.code, error.detail)
    except BodyInvalid as error:
        return problem("validation-failed", "the request body does not match its schema", errors=error.errors)
    command = SubscribeFeed(profile_id, body.url)
    run = partial(subscribe_feed, command, calendar_uow, clock, ids, feed_fetcher, busy_parser_for, feed_addresses)
    return Response(FeedOut.of(await to_thread.run_sync(run)), status_code=201)


@get("/calendar/feeds", tags=["calendar"], sync_to_thread=True)
def index_feeds(
    profile_id: FromPath[str], calendar_uow: CalendarUow, profiles_uow: ProfilesUow, current_user: CurrentUserDep
) -> list[FeedOut]:
    """The profile's imported feeds with their status and last error (their URLs may hold private tokens: owner
    only)."""
    require_owned(profile_id, current_user, profiles_uow)
    return [FeedOut.of(feed) for feed in list_feeds(profile_id, calendar_uow)]


@delete("/calendar/feeds/{feed_id:str}", tags=["calendar"], sync_to_thread=True)
def delete_feed(
    profile_id: FromPath[str], feed_id: FromPath[str], calendar_uow: CalendarUow, clock: ClockDep,
    profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> None:  # fmt: skip
    """Forget a feed and its busy time (404 if it is not this profile's). Owner only."""
    require_owned(profile_id, current_user, profiles_uow)
    remove_feed(profile_id, feed_id, calendar_uow, clock)


def _export_out(public_base_url: str, feed: ExportFeed, token: str) -> ExportOut:
    """The feed's URL on ``PUBLIC_BASE_URL``: never on the request's Host header, which the caller chooses."""
    return ExportOut(f"{public_base_url.rstrip('/')}/calendar/{token}.ics", utc_text(feed.issued_at))


@post("/calendar/export", tags=["calendar"], sync_to_thread=True)
def create_export(
    public_base_url: PublicBaseUrl, profile_id: FromPath[str], calendar_uow: CalendarUow, clock: ClockDep,
    export_tokens: ExportTokensDep, profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> ExportOut:  # fmt: skip
    """Issue the profile's export feed (owner only); the URL is returned this once (409 while one is active:
    rotate it)."""
    require_owned(profile_id, current_user, profiles_uow)
    return _export_out(public_base_url, *create_export_feed(profile_id, calendar_uow, clock, export_tokens))


@post("/calendar/export/rotate", tags=["calendar"], sync_to_thread=True, status_code=200)
def rotate_export(
    public_base_url: PublicBaseUrl, profile_id: FromPath[str], calendar_uow: CalendarUow, clock: ClockDep,
    export_tokens: ExportTokensDep, profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> ExportOut:  # fmt: skip
    """Owner only. A new URL for the feed; the old one stops working at once, event UIDs stay."""
    require_owned(profile_id, current_user, profiles_uow)
    return _export_out(public_base_url, *rotate_export_token(profile_id, calendar_uow, clock, export_tokens))


@delete("/calendar/export", tags=["calendar"], sync_to_thread=True)
def revoke_export(
    profile_id: FromPath[str], calendar_uow: CalendarUow, clock: ClockDep, profiles_uow: ProfilesUow,
    current_user: CurrentUserDep,
) -> None:  # fmt: skip
    """Owner only. Revoke the export feed: its URL answers 404 from now on."""
    require_owned(profile_id, current_user, profiles_uow)
    revoke_export_feed(profile_id, calendar_uow, clock)


handlers = [add_feed, index_feeds, delete_feed, create_export, rotate_export, revoke_export]

"""Calendar feed routes under /api/profiles/{id}/calendar: imported feeds (URL or upload) and the export feed.

All of them are the profile owner's: the commands check it (404 for anyone else, as for an unknown profile). The
feed upload reads its body before the command runs (the edge bounds it), so a stranger's body that is not a
feed at all is refused as such (415/422) before the 404 its owner check would give."""

from __future__ import annotations

from typing import Annotated, Any

import attrs
from anyio import to_thread
from litestar import Request, Response, delete, get, post
from litestar.params import FromPath, QueryParameter

from core.calendar.commands import (
    CreateExportFeed,
    ImportFeedFile,
    RemoveFeed,
    RevokeExportFeed,
    RotateExportToken,
    SubscribeFeed,
)
from core.calendar.export import ExportFeed
from core.calendar.feed_handlers import list_feeds
from entrypoints.http.bodies import is_json
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CalendarUow, CommandsDep, PublicBaseUrl
from entrypoints.http.problems import problem
from entrypoints.shapes.bounds import Url
from entrypoints.shapes.calendar import utc_text
from entrypoints.shapes.calendar_views import ExportOut, FeedOut
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed, structure_body


@attrs.frozen
class FeedUrlIn:
    url: Url  # http, https or webcal; no credentials; a public host


FEED_PROBLEMS = ("unsupported-media-type", "calendar-feed-malformed", "calendar-feed-too-large", "payload-too-large")


@post("/calendar/feeds", tags=["calendar"], problems=FEED_PROBLEMS)
async def add_feed(
    request: Request[Any, Any, Any],
    profile_id: FromPath[str],
    commands: CommandsDep,
    current_user: CurrentUserDep,
    name: Annotated[str, QueryParameter(description="the uploaded file's name")] = "calendar.ics",
) -> Response[Any]:
    """Subscribe to a feed URL with ``{"url": ...}`` (synced once right away; a failure shows in ``status``
    and ``last_error``; a URL that would never be fetched - credentials, a non-public address - is 422 naming
    ``url``, nothing stored), or upload an ICS file as ``Content-Type: text/calendar`` (malformed: 422). Owner only."""
    raw = await request.body()  # the only async step: the command runs in a thread
    content_type = request.content_type[0].lower()
    command: ImportFeedFile | SubscribeFeed
    if content_type in {"text/calendar", "application/octet-stream"}:
        command = ImportFeedFile(actor=current_user, owner_id=profile_id, name=name, body=raw)
    elif not is_json(content_type):
        return problem(
            "unsupported-media-type", 'send {"url": ...} as application/json, or an ICS file as text/calendar'
        )
    else:
        try:
            body: FeedUrlIn = structure_body(raw, FeedUrlIn)
        except BodyMalformed as error:
            return problem(error.code, error.detail)
        except BodyInvalid as error:
            return problem("validation-failed", "the request body does not match its schema", errors=error.errors)
        command = SubscribeFeed(actor=current_user, owner_id=profile_id, url=body.url)
    return Response(FeedOut.of(await to_thread.run_sync(commands.handle, command)), status_code=201)


@get("/calendar/feeds", tags=["calendar"], sync_to_thread=True)
def index_feeds(profile_id: FromPath[str], calendar_uow: CalendarUow, current_user: CurrentUserDep) -> list[FeedOut]:
    """The profile's imported feeds with their status and last error (their URLs may hold private tokens: owner
    only)."""
    return [FeedOut.of(feed) for feed in list_feeds(profile_id, current_user, calendar_uow)]


@delete("/calendar/feeds/{feed_id:str}", tags=["calendar"], sync_to_thread=True)
def delete_feed(
    profile_id: FromPath[str], feed_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep
) -> None:
    """Forget a feed and its busy time (404 if it is not this profile's). Owner only."""
    commands.handle(RemoveFeed(actor=current_user, owner_id=profile_id, feed_id=feed_id))


def _export_out(public_base_url: str, feed: ExportFeed, token: str) -> ExportOut:
    """The feed's URL on ``PUBLIC_BASE_URL``: never on the request's Host header, which the caller chooses."""
    return ExportOut(f"{public_base_url.rstrip('/')}/calendar/{token}.ics", utc_text(feed.issued_at))


@post("/calendar/export", tags=["calendar"], sync_to_thread=True, problems=("already-exists",))
def create_export(
    public_base_url: PublicBaseUrl, profile_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep
) -> ExportOut:
    """Issue the profile's export feed (owner only); the URL is returned this once (409 while one is active:
    rotate it)."""
    return _export_out(public_base_url, *commands.handle(CreateExportFeed(actor=current_user, owner_id=profile_id)))


@post("/calendar/export/rotate", tags=["calendar"], sync_to_thread=True, status_code=200)
def rotate_export(
    public_base_url: PublicBaseUrl, profile_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep
) -> ExportOut:
    """Owner only. A new URL for the feed; the old one stops working at once, event UIDs stay."""
    return _export_out(public_base_url, *commands.handle(RotateExportToken(actor=current_user, owner_id=profile_id)))


@delete("/calendar/export", tags=["calendar"], sync_to_thread=True)
def revoke_export(profile_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep) -> None:
    """Owner only. Revoke the export feed: its URL answers 404 from now on."""
    commands.handle(RevokeExportFeed(actor=current_user, owner_id=profile_id))


handlers = [add_feed, index_feeds, delete_feed, create_export, rotate_export, revoke_export]

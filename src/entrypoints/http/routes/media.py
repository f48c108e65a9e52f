"""Media routes: start an upload (pre-signed PUT), complete it, edit (crop, order, cover), list, staff review;
and, for the local store only, the upload target and the public files.

Uploading, completing, editing and the owner's list are the profile owner's (401 signed out, 404 for someone
else's); the public list and files are anyone's; the upload target is authorised by its signed token."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from litestar import Request, Response, Router, get, patch, post, put
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter
from litestar.response import File

from adapters.filesystem.object_store import LocalObjectStore
from core.media.commands import CompleteUpload, EditMedia, ReviewMedia, StartUpload
from core.media.keys import MAX_UPLOAD_BYTES
from core.media.views import owner_media, public_media_shown_to, review_queue
from entrypoints.http.caller import CurrentUserDep, ViewerDep
from entrypoints.http.dependencies import ClockDep, CommandsDep, MediaStoreDep, MediaUow
from entrypoints.shapes.media import (
    Decision,
    EditMediaIn,
    MediaListOut,
    MediaOut,
    PublicMediaListOut,
    PublicMediaOut,
    ReviewIn,
    StartUploadIn,
    UploadOut,
)

TAGS = ["media"]
COMPLETE_PROBLEMS = (
    "media-upload-missing",
    "media-state",
    "media-corrupt",
    "media-too-many-pixels",
    "media-unsupported-type",
    "media-too-large",
    "media-original-changed",
)


@post("/profiles/{profile_id:str}/media", tags=TAGS, sync_to_thread=True,
      problems=("media-unsupported-type", "media-too-large"))  # fmt: skip
def start(
    profile_id: FromPath[str], data: JSONBody[StartUploadIn], commands: CommandsDep, current_user: CurrentUserDep
) -> Response[UploadOut]:
    """Reserve a portfolio item and get a pre-signed PUT URL (415 for a type, 413 for a size never accepted).
    Owner only."""
    command = StartUpload(actor=current_user, profile_id=profile_id, content_type=data.content_type, size=data.size)
    asset, target = commands.handle(command)
    return Response(UploadOut.of(asset, target), status_code=201)


@post("/media/{media_id:str}/complete", tags=TAGS, sync_to_thread=True, status_code=200, problems=COMPLETE_PROBLEMS)
def complete(
    media_id: FromPath[str], commands: CommandsDep, media_store: MediaStoreDep, current_user: CurrentUserDep
) -> MediaOut:
    """Process the uploaded file: checked, rendered, moderated. A bad file is 413/415/422 and leaves nothing.
    Owner only (404 naming only the item otherwise)."""
    asset = commands.handle(CompleteUpload(actor=current_user, media_id=media_id))
    return MediaOut.of(asset, media_store)


@patch("/media/{media_id:str}", tags=TAGS, sync_to_thread=True, problems=("media-state",))
def edit(
    media_id: FromPath[str], data: JSONBody[EditMediaIn], commands: CommandsDep, media_store: MediaStoreDep,
    current_user: CurrentUserDep,
) -> MediaOut:  # fmt: skip
    """Crop (re-renders every variant), move to ``position``, set or clear ``is_cover``. Owner only (404 naming
    only the item otherwise)."""
    command = EditMedia(actor=current_user, media_id=media_id, crop=None if data.crop is None else data.crop.domain(),
                        clear_crop=data.clear_crop, position=data.position, is_cover=data.is_cover)  # fmt: skip
    return MediaOut.of(commands.handle(command), media_store)


@get("/profiles/{profile_id:str}/media", tags=TAGS, sync_to_thread=True)
def owner_list(
    profile_id: FromPath[str], media_uow: MediaUow, media_store: MediaStoreDep, current_user: CurrentUserDep
) -> MediaListOut:
    """The owner's portfolio in order, every status, with verdicts and review reasons. Owner only."""
    return MediaListOut([MediaOut.of(a, media_store) for a in owner_media(profile_id, current_user, media_uow)])


@get("/profiles/{profile_id:str}/media/public", tags=TAGS, sync_to_thread=True)
def public_list(
    profile_id: FromPath[str], media_uow: MediaUow, media_store: MediaStoreDep, viewer: ViewerDep
) -> PublicMediaListOut:
    """Approved items only, cover first, with public variant URLs (never an original); 404 for an unknown
    profile and for one the caller may not see."""
    shown = public_media_shown_to(profile_id, viewer, media_uow, media_store)
    return PublicMediaListOut([PublicMediaOut.of(m) for m in shown])


@post("/media/{media_id:str}/review", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only", "media-state"))  # fmt: skip
def review(
    media_id: FromPath[str], data: JSONBody[ReviewIn], commands: CommandsDep, media_store: MediaStoreDep,
    current_user: CurrentUserDep,
) -> MediaOut:  # fmt: skip
    """Staff: approve (variants become public) or reject with a reason (public copies removed first). The
    decision is recorded under the staff member's user id."""
    command = ReviewMedia(actor=current_user, media_id=media_id, approve=data.decision is Decision.APPROVE,
                          reason=data.reason)  # fmt: skip
    return MediaOut.of(commands.handle(command), media_store)


@get("/media/review-queue", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def queue(
    media_uow: MediaUow, media_store: MediaStoreDep, current_user: CurrentUserDep,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> MediaListOut:  # fmt: skip
    """Staff: items waiting for a person, oldest first."""
    return MediaListOut([MediaOut.of(a, media_store) for a in review_queue(current_user, limit, media_uow)])


@put("/{token:str}", tags=TAGS, request_max_body_size=MAX_UPLOAD_BYTES, status_code=200,
     problems=("media-upload-rejected", "media-too-large"))  # fmt: skip
async def receive_upload(
    token: FromPath[str], request: Request[Any, Any, Any], media_store: MediaStoreDep, clock: ClockDep,
    content_type: Annotated[str, HeaderParameter(name="Content-Type")] = "",
) -> Response[None]:  # fmt: skip
    """The local store's pre-signed PUT target (404 with another store): 200 once, 403 if refused.

    Async only to read the raw body (a sync handler's ``data`` is decoded as JSON); the write runs in a thread.
    """
    if not isinstance(media_store, LocalObjectStore):
        raise NotFoundException()
    body = await request.body()
    await anyio.to_thread.run_sync(media_store.receive, token, body, content_type, clock.now())
    return Response(None, status_code=200)


@get("/{path:path}", tags=TAGS, sync_to_thread=True, include_in_schema=False)
def public_file(path: FromPath[str], media_store: MediaStoreDep) -> File:
    """Public variants of approved media from the local store; originals and private variants never."""
    found = media_store.public_file(path.lstrip("/")) if isinstance(media_store, LocalObjectStore) else None
    if found is None:
        raise NotFoundException()
    return File(found, media_type="image/webp", content_disposition_type="inline",
                headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})  # fmt: skip


router = Router("/api", route_handlers=[start, complete, edit, owner_list, public_list, review, queue])
uploads = Router("/uploads", route_handlers=[receive_upload])
files = Router("/media", route_handlers=[public_file])

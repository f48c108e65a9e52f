"""The staff console's two review queues, as pages over the commands the API uses: identity documents waiting for a
verification decision (``/staff/verifications``) and media items the automatic check left to a person
(``/staff/media``), oldest first, each with approve and reject (with a reason) forms and, for a media item, its
private rendition (``/staff/media/{id}/preview``: never cached, never a public URL, never the original). The same
caller rules as every console page (``staff_pages``); a decision redirects back to its queue."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.media.commands import ReviewMedia
from core.media.views import review_queue, review_rendition
from core.onboarding.commands import ApproveVerification, RejectVerification
from core.onboarding.verification_handlers import verification_queue
from core.shared.errors import DomainError
from entrypoints.http.dependencies import (
    CommandsDep,
    IdentityServicesDep,
    IdentityUow,
    MediaStoreDep,
    MediaUow,
    OnboardingUow,
)
from entrypoints.http.routes.staff_pages import HEADERS, Console, console_caller, page, posted, refused

Req = Request[Any, Any, Any]
QUEUE_LIMIT = 200


def _verifications(console: Console, uow: OnboardingUow, error: str | None = None, code: int = 200) -> Response[str]:
    pending = verification_queue(QUEUE_LIMIT, console.actor, uow)
    return page("staff_verifications.html", code, requests=pending, csrf=console.csrf, error=error)


def _media(console: Console, uow: MediaUow, error: str | None = None, code: int = 200) -> Response[str]:
    items = review_queue(console.actor, QUEUE_LIMIT, uow)
    return page("staff_media.html", code, items=items, csrf=console.csrf, error=error)


@get("/staff/verifications", sync_to_thread=True, include_in_schema=False)
def verifications_page(request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep,
                       onboarding_uow: OnboardingUow) -> Response[str]:  # fmt: skip
    """Pending verification requests, oldest first."""
    try:
        return _verifications(console_caller(request, identity_uow, identity_services), onboarding_uow)
    except DomainError as error:
        return refused(request, identity_services, error, "Verifications")


@post("/staff/verifications/{request_id:str}/{verdict:str}", include_in_schema=False)
async def decide_verification(
    request_id: FromPath[str], verdict: FromPath[str], request: Req, commands: CommandsDep,
    identity_uow: IdentityUow, identity_services: IdentityServicesDep, onboarding_uow: OnboardingUow,
) -> Response[Any]:  # fmt: skip
    """``approve`` or ``reject`` (with the reason the owner reads) a pending request."""

    def act(console: Console, fields: dict[str, str]) -> object:
        if verdict == "approve":
            return commands.handle(ApproveVerification(console.actor, request_id))
        return commands.handle(RejectVerification(console.actor, request_id, fields["reason"]))

    def again(console: Console, message: str, status: int) -> Response[str]:
        return _verifications(console, onboarding_uow, message, status)

    if verdict not in ("approve", "reject"):
        return page("staff_message.html", 404, title="Verifications", message="Approve or reject.")
    return await posted(request, identity_uow, identity_services, "Verifications", ("reason",), act,
                        "/staff/verifications", again)  # fmt: skip


@get("/staff/media", sync_to_thread=True, include_in_schema=False)
def media_page(request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep,
               media_uow: MediaUow) -> Response[str]:  # fmt: skip
    """Media items waiting for a person, oldest first."""
    try:
        return _media(console_caller(request, identity_uow, identity_services), media_uow)
    except DomainError as error:
        return refused(request, identity_services, error, "Media review")


@get("/staff/media/{media_id:str}/preview", sync_to_thread=True, include_in_schema=False)
def media_preview(
    media_id: FromPath[str], request: Req, identity_uow: IdentityUow, identity_services: IdentityServicesDep,
    media_uow: MediaUow, media_store: MediaStoreDep,
) -> Response[Any]:  # fmt: skip
    """The private rendition of an item waiting for a person (``core.media.views.review_rendition``), shown inline
    and never stored by a cache; any other item 404."""
    try:
        console = console_caller(request, identity_uow, identity_services)
        found = review_rendition(console.actor, media_id, media_uow, media_store)
    except DomainError as error:
        return refused(request, identity_services, error, "Media review")
    headers = {**HEADERS, "X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"}
    return Response(found.data, media_type=found.content_type, headers=headers)


@post("/staff/media/{media_id:str}/{verdict:str}", include_in_schema=False)
async def decide_media(
    media_id: FromPath[str], verdict: FromPath[str], request: Req, commands: CommandsDep, identity_uow: IdentityUow,
    identity_services: IdentityServicesDep, media_uow: MediaUow,
) -> Response[Any]:  # fmt: skip
    """``approve`` (its variants become public) or ``reject`` with a reason (public copies removed first)."""

    def act(console: Console, fields: dict[str, str]) -> object:
        command = ReviewMedia(actor=console.actor, media_id=media_id, approve=verdict == "approve",
                              reason=fields["reason"])  # fmt: skip
        return commands.handle(command)

    def again(console: Console, message: str, status: int) -> Response[str]:
        return _media(console, media_uow, message, status)

    if verdict not in ("approve", "reject"):
        return page("staff_message.html", 404, title="Media review", message="Approve or reject.")
    return await posted(request, identity_uow, identity_services, "Media review", ("reason",), act, "/staff/media",
                        again)  # fmt: skip


route_handlers = [verifications_page, decide_verification, media_page, media_preview, decide_media]

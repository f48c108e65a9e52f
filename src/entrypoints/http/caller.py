"""Who calls: the session (Bearer token or cookie) as the core's ``Actor``, for every command and read.

``current_user`` resolves the live session to the user's id and staff roles (401 ``session-invalid`` without
one; cookie writes need ``X-CSRF-Token``). ``viewer`` is the same caller for reads anyone may make, anonymous
without a credential; ``page_viewer`` reads a dead credential as anonymous (a stale cookie must not break a
public page). What the caller may do is not decided here: each context's policy decides inside the command's
own unit of work (``core.shared.actor``, ``core.profiles.visibility``, ``core.booking.access``, ...).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.di import Provide
from litestar.params import SkipValidation

from core.identity.errors import SessionInvalid
from core.identity.handlers.sessions import signed_in_user
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.shared.actor import ANONYMOUS, Actor
from entrypoints.http.dependencies import IdentityServicesDep, IdentityUow
from entrypoints.http.identity_session import credential, session_token


def current_user(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> Actor:
    """The caller, from the live session. Raises ``SessionInvalid`` (401) or ``CsrfRefused`` (403)."""
    user = signed_in_user(session_token(request, identity_services.pepper), identity_uow, identity_services)
    return Actor(user.id, tuple(user.staff_roles))


def viewer(request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep) -> Actor:
    """Who reads: the signed-in user, or anonymous when the request carries no credential. A dead credential is
    a 401 (``SessionInvalid``), as on every API route."""
    if credential(request) is None:
        return ANONYMOUS
    return current_user(request, identity_uow, identity_services)


def page_viewer(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> Actor:
    """``viewer`` for the public pages, where a dead credential reads as anonymous."""
    try:
        return viewer(request, identity_uow, identity_services)
    except SessionInvalid:
        return ANONYMOUS


def later_page_viewer(
    request: Request[Any, Any, Any], new_uow: Callable[[], IdentityUnitOfWork],
    new_services: Callable[[], IdentityServices],
) -> Callable[[], Actor]:  # fmt: skip
    """``page_viewer`` resolved only when called: a published page is everyone's, so its read never asks."""
    return lambda: page_viewer(request, new_uow(), new_services())


async def quick_viewer_of(request: Request[Any, Any, Any], new_uow: Callable[[], IdentityUnitOfWork],
                          new_services: Callable[[], IdentityServices]) -> Actor:  # fmt: skip
    """``viewer`` answering a request without a credential on the event loop (no identity unit built, no thread),
    and resolving a session on a worker thread."""
    if credential(request) is None:
        return ANONYMOUS
    return await asyncio.to_thread(viewer, request, new_uow(), new_services())


def quick_viewer(new_uow: Callable[[], IdentityUnitOfWork], new_services: Callable[[], IdentityServices]) -> Provide:
    """``quick_viewer_of`` as a dependency."""

    async def provide(request: Request[Any, Any, Any]) -> Actor:
        return await quick_viewer_of(request, new_uow, new_services)

    return Provide(provide)


CURRENT_USER = Provide(current_user, sync_to_thread=True)
CurrentUserDep = SkipValidation[Actor]
ViewerDep = SkipValidation[Actor]

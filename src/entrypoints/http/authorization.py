"""Who is calling and what they may touch: the ``current_user`` dependency, owner and staff checks.

``current_user`` resolves the session (Bearer token or cookie, CSRF-checked for cookie writes) to the
user's id and staff roles; no session, or a dead one, is a 401 problem. ``viewer`` is the same caller for
reads anyone may make, anonymous without a live session: what it may see is ``core.profiles.visibility``'s.
``require_owner`` answers 404 for someone else's profile (not 403: a stranger must not learn that the id
exists), and so do ``require_owned_media`` and ``require_owned_service`` for what hangs off a profile;
``require_staff`` is 403.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import Provide
from litestar.params import SkipValidation

from core.identity.errors import SessionInvalid
from core.identity.handlers.sessions import authenticate, session_account
from core.media.model import MediaAsset
from core.media.ports import MediaUnitOfWork
from core.media.views import media_item
from core.profiles.handlers import get_profile
from core.profiles.model import ProfileDraft, ServiceProfile
from core.profiles.ports import ProfilesUnitOfWork
from core.profiles.services import get_service
from core.profiles.visibility import ANONYMOUS, Viewer
from core.shared.actor import Actor, require_staff
from core.shared.errors import NotFound
from entrypoints.http.dependencies import IdentityServicesDep, IdentityUow
from entrypoints.http.identity_session import credential, session_token

CurrentUser = Actor  # the signed-in caller: a user id and the staff roles it holds (empty for customers)


def current_user(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> CurrentUser:
    """The caller's user, from the live session. Raises ``SessionInvalid`` (401) or ``CsrfRefused`` (403)."""
    session = authenticate(session_token(request, identity_services.pepper), identity_uow, identity_services)
    with identity_uow.reading():
        user = session_account(session, identity_uow)
    return Actor(user.id, tuple(user.staff_roles))


def signed_in_user(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> CurrentUser | None:
    """``current_user`` when the request carries a credential, ``None`` when it carries none."""
    if credential(request) is None:
        return None
    return current_user(request, identity_uow, identity_services)


def viewer(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> Viewer:
    """Who reads, for the ``core.profiles.visibility`` rule: the signed-in user, or anonymous when the request
    carries no credential. A dead credential is a 401 (``SessionInvalid``), as on every API route."""
    user = signed_in_user(request, identity_uow, identity_services)
    return ANONYMOUS if user is None else user


def page_viewer(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> Viewer:
    """``viewer`` for the public pages, where a dead credential reads as anonymous: a stale cookie must not
    turn a published page into an error."""
    try:
        return viewer(request, identity_uow, identity_services)
    except SessionInvalid:
        return ANONYMOUS


def require_owner(profile: ProfileDraft, user: CurrentUser) -> ProfileDraft:
    """``profile`` if ``user`` owns it. Raises ``NotFound`` otherwise (unowned seeded profiles included)."""
    if profile.owner_user_id is None or profile.owner_user_id != user.user_id:
        raise NotFound("profile", profile.id)
    return profile


def require_owned(profile_id: str, user: CurrentUser, profiles_uow: ProfilesUnitOfWork) -> ProfileDraft:
    """The profile ``profile_id`` if ``user`` owns it. Raises ``NotFound`` (missing or someone else's)."""
    return require_owner(get_profile(profile_id, profiles_uow), user)


def require_owned_media(
    media_id: str, user: CurrentUser, media_uow: MediaUnitOfWork, profiles_uow: ProfilesUnitOfWork
) -> MediaAsset:
    """The media item if ``user`` owns its profile. Raises ``NotFound`` naming the item (missing or someone
    else's alike), never its profile."""
    try:
        asset = media_item(media_id, media_uow)
        require_owned(asset.profile_id, user, profiles_uow)
    except NotFound:
        raise NotFound("media", media_id) from None
    return asset


def require_owned_service(service_id: str, user: CurrentUser, profiles_uow: ProfilesUnitOfWork) -> ServiceProfile:
    """The service if ``user`` owns the profile offering it. Raises ``NotFound`` naming the service only."""
    try:
        service = get_service(service_id, profiles_uow)
        require_owned(service.profile_id, user, profiles_uow)
    except NotFound:
        raise NotFound("service profile", service_id) from None
    return service


CURRENT_USER = Provide(current_user, sync_to_thread=True)
CurrentUserDep = SkipValidation[CurrentUser]
VIEWER = Provide(viewer, sync_to_thread=True)
PAGE_VIEWER = Provide(page_viewer, sync_to_thread=True)
ViewerDep = SkipValidation[Viewer]

__all__ = ["CURRENT_USER", "PAGE_VIEWER", "VIEWER", "CurrentUser", "CurrentUserDep", "ViewerDep", "require_staff"]

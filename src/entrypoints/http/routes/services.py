"""Bookable service routes: the owner offers and changes services; anyone lists a profile's services.

A service is what checkout books (``serviceProfileId``): a role at an hourly rate, a minimum duration and the
cancellation policy its bookings are refunded under. Instant Book is switched at
``PUT /api/services/{id}/instant-book`` (onboarding: it checks eligibility first).
"""

from __future__ import annotations

from litestar import Response, Router, get, patch, post
from litestar.params import FromPath, JSONBody

from core.profiles.services import ChangeService, OfferService, read_service, services_of
from entrypoints.http.caller import CurrentUserDep, ViewerDep
from entrypoints.http.dependencies import CommandsDep, ProfilesUow
from entrypoints.shapes.services import ServiceIn, ServiceOut, ServicePatchIn

TAGS = ["services"]


@post("/profiles/{profile_id:str}/services", tags=TAGS, sync_to_thread=True)
def offer(
    profile_id: FromPath[str], data: JSONBody[ServiceIn], commands: CommandsDep, current_user: CurrentUserDep
) -> Response[ServiceOut]:
    """Offer a bookable service (owner only): 201; 422 naming the field that makes no sense."""
    command = OfferService(actor=current_user, profile_id=profile_id, title=data.title,
                           hourly_rate=data.hourly_rate.domain(), role=data.role,
                           min_duration_minutes=data.min_duration_minutes,
                           cancellation_policy=data.cancellation_policy)  # fmt: skip
    return Response(ServiceOut.of(commands.handle(command)), status_code=201)


@get("/profiles/{profile_id:str}/services", tags=TAGS, sync_to_thread=True)
def index(profile_id: FromPath[str], profiles_uow: ProfilesUow, viewer: ViewerDep) -> list[ServiceOut]:
    """The profile's services: what a client can book, at what rate, under which cancellation policy (404 for a
    profile the caller may not see, as for ``GET /api/profiles/{id}``)."""
    return [ServiceOut.of(service) for service in services_of(profile_id, viewer, profiles_uow)]


@get("/services/{service_id:str}", tags=TAGS, sync_to_thread=True)
def show(service_id: FromPath[str], profiles_uow: ProfilesUow, viewer: ViewerDep) -> ServiceOut:
    """One service; 404 when its profile is one the caller may not see."""
    return ServiceOut.of(read_service(service_id, viewer, profiles_uow))


@patch("/services/{service_id:str}", tags=TAGS, sync_to_thread=True)
def change(
    service_id: FromPath[str], data: JSONBody[ServicePatchIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ServiceOut:
    """Change title, rate, minimum duration or policy (owner only; 404 names only the service otherwise). Bookings
    made already keep their quote."""
    command = ChangeService(actor=current_user, service_id=service_id, title=data.title,
                            min_duration_minutes=data.min_duration_minutes,
                            hourly_rate=None if data.hourly_rate is None else data.hourly_rate.domain(),
                            cancellation_policy=data.cancellation_policy)  # fmt: skip
    return ServiceOut.of(commands.handle(command))


router = Router("/api", route_handlers=[offer, index, show, change])

"""Bookable services: what a profile offers at a rate (one per role, or several), and the policy it books under.

A service is what checkout prices and books (``spf_...``). Its owner creates and edits it; Instant Book is
switched by the onboarding context, which checks eligibility first, so it is not editable here.
"""

from __future__ import annotations

import attrs

from core.profiles.events import ServiceChanged, ServiceOffered
from core.profiles.model import ProfileDraft, ProfileKind, Role, ServiceProfile
from core.profiles.ports import ProfilesUnitOfWork
from core.profiles.visibility import Viewer, changed_by, may_see, service_changed_by, shown_to
from core.shared.actor import Actor
from core.shared.clock import IdGenerator
from core.shared.commands import Command
from core.shared.errors import InvalidInput, NotFound
from core.shared.money import Money

MAX_SERVICES = 20  # per profile


@attrs.frozen(kw_only=True)
class OfferService(Command[ServiceProfile]):
    """The owner offers a new bookable service on ``profile_id``."""

    actor: Actor
    profile_id: str
    title: str
    hourly_rate: Money
    role: Role | None = None  # providers: one of the profile's roles (the only one may be left out); studios: none
    min_duration_minutes: int = 60
    cancellation_policy: str = "moderate"


@attrs.frozen(kw_only=True)
class ChangeService(Command[ServiceProfile]):
    """The owner changes a service; ``None`` leaves a field as it is."""

    actor: Actor
    service_id: str
    title: str | None = None
    hourly_rate: Money | None = None
    min_duration_minutes: int | None = None
    cancellation_policy: str | None = None


def _role_for(profile: ProfileDraft, role: Role | None) -> Role | None:
    if profile.kind is ProfileKind.STUDIO:
        if role is not None:
            raise InvalidInput("role", "a studio's services have no provider role")
        return None
    roles = profile.fields.roles
    if role is None:
        if len(roles) != 1:
            raise InvalidInput("role", f"name one of the profile's roles: {', '.join(r.value for r in roles)}")
        return roles[0]
    if role not in roles:
        raise InvalidInput("role", f"{role.value} is not one of the profile's roles")
    return role


def offer_service(cmd: OfferService, uow: ProfilesUnitOfWork, ids: IdGenerator) -> ServiceProfile:
    """Create the service. Raises ``NotFound`` (no such profile, or one the actor may not change),
    ``InvalidInput`` naming the field."""
    with uow:
        profile = changed_by(uow.profiles.get(cmd.profile_id), cmd.actor)
        existing = uow.profiles.services_of(profile.id)
        if len(existing) >= MAX_SERVICES:
            raise InvalidInput("services", f"a profile offers at most {MAX_SERVICES} services")
        if existing and cmd.hourly_rate.currency != existing[0].hourly_rate.currency:
            raise InvalidInput("hourly_rate", f"this profile prices in {existing[0].hourly_rate.currency}")
        service = ServiceProfile(
            ids.new_id("spf"), profile.id, _role_for(profile, cmd.role), cmd.title.strip(), cmd.hourly_rate,
            min_duration_minutes=cmd.min_duration_minutes, cancellation_policy=cmd.cancellation_policy,
        )  # fmt: skip
        uow.profiles.add_service(service)
        uow.record(ServiceOffered(service.id, profile.id))
        uow.commit()
    return service


def change_service(cmd: ChangeService, uow: ProfilesUnitOfWork) -> ServiceProfile:
    """Apply the changes. Bookings already made keep the price and policy they were quoted with.
    Raises ``NotFound`` naming the service (missing, or on a profile the actor may not change), ``InvalidInput``
    naming the field."""
    with uow:
        service = uow.profiles.get_service(cmd.service_id)
        service_changed_by(service, uow.profiles.get(service.profile_id), cmd.actor)
        if cmd.hourly_rate is not None and cmd.hourly_rate.currency != service.hourly_rate.currency:
            raise InvalidInput("hourly_rate", f"this service prices in {service.hourly_rate.currency}")
        changed = attrs.evolve(
            service,
            title=service.title if cmd.title is None else cmd.title.strip(),
            hourly_rate=service.hourly_rate if cmd.hourly_rate is None else cmd.hourly_rate,
            min_duration_minutes=(
                service.min_duration_minutes if cmd.min_duration_minutes is None else cmd.min_duration_minutes
            ),
            cancellation_policy=(
                service.cancellation_policy if cmd.cancellation_policy is None else cmd.cancellation_policy
            ),
        )
        if changed != service:
            uow.profiles.save_service(changed)
            uow.record(ServiceChanged(service.id, service.profile_id))
            uow.commit()
    return changed


def services_of(profile_id: str, viewer: Viewer, uow: ProfilesUnitOfWork) -> list[ServiceProfile]:
    """The services of a profile ``viewer`` may see, by id. Raises ``NotFound`` for an unknown profile or one
    hidden from ``viewer`` (``visibility.may_see``)."""
    with uow.reading():
        shown_to(uow.profiles.get(profile_id), viewer)
        return uow.profiles.services_of(profile_id)


def read_service(service_id: str, viewer: Viewer, uow: ProfilesUnitOfWork) -> ServiceProfile:
    """The service if ``viewer`` may see its profile. Raises ``NotFound`` naming the service alone otherwise."""
    with uow.reading():
        service = uow.profiles.get_service(service_id)
        if not may_see(uow.profiles.get(service.profile_id), viewer):
            raise NotFound("service profile", service_id)
        return service


def get_service(service_id: str, uow: ProfilesUnitOfWork) -> ServiceProfile:
    """The service whatever its profile's status (operator reads). Raises ``NotFound``."""
    with uow.reading():
        return uow.profiles.get_service(service_id)

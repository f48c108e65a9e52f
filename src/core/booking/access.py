"""Who an actor is on a booking: its client, its provider (the owner of the booked profile), staff, or the
operator acting for a party. Pure: the handlers read the booking in the command's own unit of work and ask here,
handing over a reader of the booked profile (asked only when the actor is not the client, so the common case
costs no read), so the check and the change it guards cannot race.

Anyone else (a stranger, an anonymous caller) gets the ``NotFound`` an unknown booking id gets: a booking's
existence is not revealed to those who have no part in it.
"""

from __future__ import annotations

from collections.abc import Callable

from core.booking.commands import PartyCommand
from core.booking.model import Booking
from core.booking.states import ActorKind, ActorRef
from core.profiles.model import ProfileDraft
from core.shared.actor import OPERATOR_ROLE, Actor, StaffOnly
from core.shared.errors import NotFound

# How the operator's own acts are recorded on a booking (``cancelledBy: "staff:cli"``), as the CLI always has.
OPERATOR_AS_STAFF = ActorRef(ActorKind.STAFF, "cli")

BookedProfile = Callable[[], ProfileDraft | None]  # the booking's provider profile; None once it is gone


def role_on(booking: Booking, provider: BookedProfile, actor: Actor, operator_as: ActorRef) -> ActorRef:
    """The role ``actor`` plays on ``booking``: its client if it is, else its provider if it owns the booked
    profile (``provider()``), else staff if it holds a staff role; the operator plays ``operator_as``.
    Raises ``NotFound("booking", id)`` for anyone else."""
    if actor.is_operator:
        return operator_as
    if actor.is_user(booking.client_id):
        return ActorRef(ActorKind.CLIENT, booking.client_id)
    profile = provider()
    if profile is not None and actor.is_user(profile.owner_user_id):
        return ActorRef(ActorKind.PROVIDER, booking.provider_id)
    if actor.is_staff and actor.user_id is not None:
        return ActorRef(ActorKind.STAFF, actor.user_id)
    raise NotFound("booking", booking.id)


def operator_default(booking: Booking, kind: ActorKind) -> ActorRef:
    """The party the operator acts for when it names none: the booking's own client or provider, else staff."""
    parties = {ActorKind.CLIENT: booking.client_id, ActorKind.PROVIDER: booking.provider_id}
    return ActorRef(kind, parties[kind]) if kind in parties else OPERATOR_AS_STAFF


def acting_role(booking: Booking, provider: BookedProfile, command: PartyCommand) -> ActorRef:
    """The role ``command`` is applied by on ``booking``: ``role_on`` its actor, where the operator acts for the
    party it named (``acting_for``) or else in the role the command needs. Raises ``NotFound`` like ``role_on``,
    ``StaffOnly`` when anyone but the operator names a party to act for."""
    if command.acting_for is not None and not command.actor.is_operator:
        raise StaffOnly((OPERATOR_ROLE,))
    operator_as = command.acting_for or operator_default(booking, command.operator_acts_as)
    return role_on(booking, provider, command.actor, operator_as)


def client_of(actor: Actor, service_profile_id: str) -> ActorRef:
    """``actor`` as the client of a new booking of ``service_profile_id``. Only a signed-in user books: anyone
    else (anonymous, the operator) is told the service is not there (``NotFound``), as for a hidden one."""
    if actor.user_id is None:
        raise NotFound("service profile", service_profile_id)
    return ActorRef(ActorKind.CLIENT, actor.user_id)

"""The command bus's wiring: each context's command map, and which provider makes each port a handler names.

A handler names its ports by type (``uow: ProfilesUnitOfWork``); this map says which of the container's
providers makes one. Providers are looked up when a command runs, so a test's override is seen at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from core.flags.handlers import CommandGuard, Switchboard
from core.flags.model import Flag
from core.flags.on_commands import COMMANDS as FLAGS
from core.identity.commands import SignUp
from core.identity.oidc import IdTokenVerifier
from core.identity.on_commands import COMMANDS as IDENTITY
from core.identity.ports import ExportSource, IdentityUnitOfWork, OpenCommitments
from core.identity.services import IdentityServices
from core.profiles.on_commands import COMMANDS as PROFILES
from core.profiles.ports import ProfilesUnitOfWork
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import CommandBus, joined_commands
from core.shared.health import HealthProbe

if TYPE_CHECKING:
    from config.container import Container

# The commands a kill switch refuses while it is off (core.flags.model.EFFECTS says what each switch does).
SWITCHED: dict[type, Flag] = {
    SignUp: Flag.SIGNUPS,
}


def command_bus(container: Container) -> CommandBus:
    """Every context's command handlers, with the container's providers as their ports."""
    provide: dict[Any, Any] = {
        Clock: container.clock,
        IdGenerator: container.ids,
        ProfilesUnitOfWork: container.profiles_uow,
        Switchboard: container.flags,
        IdentityUnitOfWork: container.identity_uow,
        IdentityServices: container.identity_services,
        IdTokenVerifier: container.identity_edge.provided.oidc,
        Sequence[ExportSource]: container.identity_edge.provided.export_sources,  # the other contexts' shares
        Sequence[OpenCommitments]: container.identity_edge.provided.commitments,
    }
    guard = CommandGuard(container.flags(), SWITCHED)
    return CommandBus(joined_commands(FLAGS, PROFILES, IDENTITY), provide, guard)


def flattened(*groups: list[HealthProbe]) -> list[HealthProbe]:
    """One list of health probes from several (the database's, Redis's when it is used, ...)."""
    return [probe for group in groups for probe in group]

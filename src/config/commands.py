"""The command bus's wiring: each context's command map, and which provider makes each port a handler names.

A handler names its ports by type (``uow: ProfilesUnitOfWork``); this map says which of the container's
providers makes one. Providers are looked up when a command runs, so a test's override is seen at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.booking.checkout import CheckoutRules
from core.booking.checkout_ports import CheckoutUnitOfWork
from core.booking.on_commands import COMMANDS as BOOKING
from core.payments.ports import PaymentGateway
from core.profiles.on_commands import COMMANDS as PROFILES
from core.profiles.ports import ProfilesUnitOfWork
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import CommandBus, joined_commands
from core.shared.health import HealthProbe

if TYPE_CHECKING:
    from config.container import Container


def command_bus(container: Container) -> CommandBus:
    """Every context's command handlers, with the container's providers as their ports."""
    provide: dict[Any, Any] = {
        Clock: container.clock,
        IdGenerator: container.ids,
        ProfilesUnitOfWork: container.profiles_uow,
        CheckoutUnitOfWork: container.booking_uow,
        CheckoutRules: container.checkout_rules,
        PaymentGateway: container.payments,
    }
    return CommandBus(joined_commands(PROFILES, BOOKING), provide)


def flattened(*groups: list[HealthProbe]) -> list[HealthProbe]:
    """One list of health probes from several (the database's, Redis's when it is used, ...)."""
    return [probe for group in groups for probe in group]

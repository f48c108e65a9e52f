"""The command bus's wiring: each context's command map, and which provider makes each port a handler names.

A handler names its ports by type (``uow: ProfilesUnitOfWork``); this map says which of the container's
providers makes one. Providers are looked up when a command runs, so a test's override is seen at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.calendar.on_commands import COMMANDS as CALENDAR
from core.calendar.ports import BusyParserForZone, CalendarUnitOfWork, ExportTokens, FeedAddressPolicy, FeedFetcher
from core.media.on_commands import COMMANDS as MEDIA
from core.media.ports import MediaUnitOfWork
from core.media.rendering import MediaServices
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
        MediaUnitOfWork: container.media_uow,
        MediaServices: container.media_services,
        CalendarUnitOfWork: container.calendar_uow,
        FeedFetcher: container.feed_fetcher,
        FeedAddressPolicy: container.feed_addresses,
        BusyParserForZone: container.busy_parser_for,
        ExportTokens: container.export_tokens,
    }
    return CommandBus(
        joined_commands(
            PROFILES,
            MEDIA,
            CALENDAR,
        ),
        provide,
    )


def flattened(*groups: list[HealthProbe]) -> list[HealthProbe]:
    """One list of health probes from several (the database's, Redis's when it is used, ...)."""
    return [probe for group in groups for probe in group]

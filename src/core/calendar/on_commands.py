"""The calendar context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.calendar.commands import (
    CreateExportFeed,
    ImportFeedFile,
    RemoveFeed,
    ReplaceSchedule,
    RevokeExportFeed,
    RotateExportToken,
    SeedSchedules,
    SubscribeFeed,
)
from core.calendar.export_handlers import create_export_feed, revoke_export_feed, rotate_export_token
from core.calendar.feed_handlers import import_feed_file, remove_feed, subscribe_feed
from core.calendar.handlers import replace_schedule, seed_schedules
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    ReplaceSchedule: replace_schedule,
    SeedSchedules: seed_schedules,
    SubscribeFeed: subscribe_feed,
    ImportFeedFile: import_feed_file,
    RemoveFeed: remove_feed,
    CreateExportFeed: create_export_feed,
    RotateExportToken: rotate_export_token,
    RevokeExportFeed: revoke_export_feed,
}

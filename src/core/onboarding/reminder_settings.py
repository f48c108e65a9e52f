"""A user's reminder preferences, read (no consent until set) and set by the user or the operator; their share of
the data export and of an account's erasure."""

from __future__ import annotations

import attrs

from core.onboarding.commands import SetReminderPreferences, ViewReminderPreferences
from core.onboarding.ports import DigestsUnitOfWork
from core.onboarding.reminder_preferences import ReminderPreferences
from core.shared.actor import Actor
from core.shared.errors import NotFound


def whose(actor: Actor, user_id: str | None) -> str:
    """The user whose preferences ``actor`` reads or sets: their own, or ``user_id`` for the operator. Raises
    ``NotFound`` for an anonymous caller and for a user asking about someone else."""
    if actor.is_operator and user_id is not None:
        return user_id
    if actor.user_id is None or (user_id is not None and user_id != actor.user_id):
        raise NotFound("reminder-preferences", user_id or "anonymous")
    return actor.user_id


def view_reminder_preferences(command: ViewReminderPreferences, uow: DigestsUnitOfWork) -> ReminderPreferences:
    """The user's preferences, or the defaults (no consent, UTC, quiet 22:00-08:00). ``NotFound`` as ``whose``."""
    user = whose(command.actor, command.user_id)
    with uow.reading():
        return uow.reminder_preferences.get(user) or ReminderPreferences(user)


def set_reminder_preferences(command: SetReminderPreferences, uow: DigestsUnitOfWork) -> ReminderPreferences:
    """Record the user's preferences (idempotent). ``InvalidInput`` for an unknown zone or a minute out of range;
    ``NotFound`` as ``whose``."""
    preferences = ReminderPreferences(whose(command.actor, command.user_id), command.reminder_consent,
                                      command.time_zone, command.quiet_start_minute,
                                      command.quiet_end_minute)  # fmt: skip
    with uow:
        uow.reminder_preferences.put(preferences)
        uow.commit()
    return preferences


def reminder_preferences_export(user_id: str, uow: DigestsUnitOfWork) -> list[dict[str, object]]:
    """The user's reminder preferences as the data export shows them (none when never set)."""
    with uow.reading():
        found = uow.reminder_preferences.get(user_id)
    return [] if found is None else [attrs.asdict(found)]


def forget_reminder_preferences(user_id: str, uow: DigestsUnitOfWork) -> bool:
    """No more reminders for a deleted account: its preferences are forgotten. True when there were some."""
    with uow:
        known = uow.reminder_preferences.get(user_id) is not None
        uow.reminder_preferences.remove(user_id)
        uow.commit()
    return known

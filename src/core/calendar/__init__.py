"""The calendar context: schedules, the feasibility engine, previews, imported and exported feeds."""

from core.calendar.explain import explain
from core.calendar.feasibility import feasible_slots
from core.calendar.joint import Party, explain_at_studio, feasible_slots_at_studio
from core.calendar.model import (
    Blackout,
    BusyInterval,
    BusyKind,
    DateException,
    ExceptionKind,
    Interval,
    TimeWindow,
    Weekday,
    WeeklyRule,
)
from core.calendar.preview import AvailabilitySummary, DayPreview, availability_summary, preview
from core.calendar.schedule import Schedule

__all__ = [
    "AvailabilitySummary",
    "Blackout",
    "BusyInterval",
    "BusyKind",
    "DateException",
    "DayPreview",
    "ExceptionKind",
    "Interval",
    "Party",
    "Schedule",
    "TimeWindow",
    "Weekday",
    "WeeklyRule",
    "availability_summary",
    "explain",
    "explain_at_studio",
    "feasible_slots",
    "feasible_slots_at_studio",
    "preview",
]

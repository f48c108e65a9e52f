"""A small calendar world for handler tests: in-memory stores, one profile, a fixed clock, scripted feeds."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from adapters.memory.calendar import InMemoryCalendarUnitOfWork
from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.unit_of_work import InMemoryDatabase
from core.calendar import BusyInterval, Schedule, WeeklyRule
from core.calendar.commands import ReplaceSchedule
from core.calendar.errors import FeedMalformed
from core.calendar.feeds import FetchOutcome
from core.calendar.handlers import replace_schedule
from core.calendar.on_events import calendar_handlers
from core.calendar.records import StoredSchedule
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role
from core.shared.actor import OPERATOR, Actor
from core.shared.events import Event
from core.shared.messagebus import MessageBus

MONDAY = datetime(2026, 11, 23, 8, tzinfo=UTC)  # 00:00 in Los Angeles
OWNER = "prf_cal_owner"


def la_days(owner_id: str = OWNER, notice: timedelta = timedelta(0)) -> Schedule:
    """Open 09:00-17:00 every day in Los Angeles, 60-minute grid, no buffers."""
    rules = [WeeklyRule(day, time(9), time(17)) for day in range(7)]
    return Schedule(owner_id, "America/Los_Angeles", rules, min_duration=timedelta(hours=1),
                    granularity=timedelta(hours=1), min_notice=notice)  # fmt: skip


def _raise(_event: Event, _handler: str, error: Exception) -> None:
    raise error  # a test wants to see a handler fail, not a log line


class World:
    """Units of work hand their committed events to a bus with the calendar's handlers, as the container's do."""

    def __init__(self) -> None:
        self.database = InMemoryDatabase()
        self.clock = FixedClock(MONDAY)
        self.ids = SequentialIds()
        self.bus = MessageBus(calendar_handlers(self.uow, self.clock), on_failure=_raise)
        self.add_profile(OWNER)

    def uow(self) -> InMemoryCalendarUnitOfWork:
        return InMemoryCalendarUnitOfWork(self.database, after_commit=self.bus.after_commit)

    def replace(self, schedule: Schedule, version: int = 0, actor: Actor = OPERATOR) -> StoredSchedule:
        """``replace_schedule`` by ``actor`` (the operator unless a test is about who acts)."""
        command = ReplaceSchedule(actor=actor, schedule=schedule, expected_version=version)
        return replace_schedule(command, self.uow(), self.clock)

    def add_profile(self, profile_id: str, owner_user_id: str | None = None) -> None:
        """A profile owned by ``owner_user_id`` (unowned, as seeded profiles are, by default: the operator's)."""
        fields = ProfileFields.validated(
            kind=ProfileKind.PROVIDER, display_name="Cal Owner", roles=(Role.PHOTOGRAPHER,)
        )
        profile = ProfileDraft.new(profile_id=profile_id, kind=ProfileKind.PROVIDER, slug=profile_id.replace("_", "-"),
                                   fields=fields, now=MONDAY)  # fmt: skip
        profile.owner_user_id = owner_user_id
        with self.uow() as uow:
            uow.profiles.add(profile)
            uow.commit()


class ScriptedFetcher:
    """A FeedFetcher answering from a script."""

    def __init__(self, *outcomes: FetchOutcome) -> None:
        self.outcomes = list(outcomes)

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        return self.outcomes.pop(0)


class LineParser:
    """A BusyParser for a tiny format: each line ``uid HOURS_FROM_MONDAY LENGTH``; ``bad`` is malformed."""

    def __init__(self, zone: str = "UTC") -> None:
        self.zone = zone

    def parse_busy(self, ics: bytes, window_start: datetime, window_end: datetime) -> list[BusyInterval]:
        if ics.startswith(b"bad"):
            raise FeedMalformed("bad")
        busy = []
        for line in ics.decode().splitlines():
            uid, hours, length = line.split()
            start = MONDAY + timedelta(hours=int(hours))
            busy.append(BusyInterval.imported(start, start + timedelta(hours=int(length)), uid))
        return busy


class Tokens:
    """Export tokens, predictable: token01xxx..., token02xxx..."""

    def __init__(self) -> None:
        self.count = 0

    def new_token(self, nbytes: int) -> str:
        self.count += 1
        return f"token{self.count:02d}" + "x" * nbytes

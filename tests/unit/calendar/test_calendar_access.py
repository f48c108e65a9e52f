"""Who may change a calendar (its schedule, imported feeds and export feed) and read its owner's view of it (the
feed list, explanations): the profile's owner and the operator. Anyone else (a stranger, staff, the anonymous
caller) gets the 404 an unknown profile gets, and nothing is written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.unit.calendar.calendar_world import MONDAY, LineParser, ScriptedFetcher, Tokens, World, la_days

from core.calendar.commands import (
    CreateExportFeed,
    ExplainInterval,
    ImportFeedFile,
    RemoveFeed,
    RevokeExportFeed,
    RotateExportToken,
    SeedSchedules,
    SubscribeFeed,
)
from core.calendar.export_handlers import export_feed_for_token
from core.calendar.feed_handlers import list_feeds
from core.calendar.feed_urls import FeedTarget
from core.calendar.handlers import explain_interval, get_schedule
from core.calendar.on_commands import COMMANDS
from core.calendar.ports import BusyParserForZone, CalendarUnitOfWork, ExportTokens, FeedAddressPolicy, FeedFetcher
from core.shared.actor import ANONYMOUS, OPERATOR, Actor, StaffOnly
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import Command, CommandBus
from core.shared.errors import NotFound

OWNER, STRANGER, STAFF = Actor("usr_ana"), Actor("usr_eve"), Actor("usr_kim", ("admin",))
SOMEONE_ELSE = (STRANGER, STAFF, ANONYMOUS)
MINE = "prf_owned"


class CountingPolicy:
    """A FeedAddressPolicy that refuses nothing and counts the hosts it was asked about."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def refusal(self, target: FeedTarget) -> str | None:
        self.asked.append(target.host)
        return None


@pytest.fixture
def world() -> World:
    world = World()
    world.add_profile(MINE, owner_user_id=OWNER.user_id)
    return world


@pytest.fixture
def policy() -> CountingPolicy:
    return CountingPolicy()


@pytest.fixture
def bus(world: World, policy: CountingPolicy) -> CommandBus:
    """The calendar's commands with the world's ports; the fetcher has nothing to say (no feed URL syncs here)."""
    tokens, fetcher = Tokens(), ScriptedFetcher()
    provide = {
        CalendarUnitOfWork: world.uow,
        Clock: lambda: world.clock,
        IdGenerator: lambda: world.ids,
        FeedFetcher: lambda: fetcher,
        FeedAddressPolicy: lambda: policy,
        BusyParserForZone: lambda: LineParser,
        ExportTokens: lambda: tokens,
    }
    return CommandBus(COMMANDS, provide)


def list_feeds_as(actor: Actor, world: World) -> list[str]:
    return [feed.feed_id for feed in list_feeds(MINE, actor, world.uow())]


def _upload(actor: Actor) -> ImportFeedFile:
    return ImportFeedFile(actor=actor, owner_id=MINE, name="dentist.ics", body=b"dentist 35 2")


def _refused(bus: CommandBus, command: Command[Any]) -> tuple[str, str]:
    with pytest.raises(NotFound) as refused:
        bus.handle(command)
    return refused.value.kind, refused.value.key


def test_only_the_owner_or_the_operator_replaces_a_schedule(world: World) -> None:
    with pytest.raises(NotFound) as unknown:
        world.replace(la_days("prf_nobody"), actor=OWNER)
    for someone in SOMEONE_ELSE:
        with pytest.raises(NotFound) as refused:
            world.replace(la_days(MINE), actor=someone)
        assert (refused.value.kind, refused.value.key) == ("profile", MINE)
        assert (unknown.value.kind, unknown.value.key) == ("profile", "prf_nobody")
    with pytest.raises(NotFound):
        get_schedule(MINE, OPERATOR, world.uow())  # nothing was stored
    assert world.replace(la_days(MINE), actor=OWNER).version == 1
    assert world.replace(la_days(MINE), 1, actor=OPERATOR).version == 2


def test_only_the_owner_or_the_operator_imports_lists_and_removes_feeds(
    world: World, bus: CommandBus, policy: CountingPolicy
) -> None:
    url = "https://cal.example/private.ics"
    for someone in SOMEONE_ELSE:
        assert _refused(bus, _upload(someone)) == ("profile", MINE)
        assert _refused(bus, SubscribeFeed(actor=someone, owner_id=MINE, url=url)) == ("profile", MINE)
        with pytest.raises(NotFound):
            list_feeds_as(someone, world)
    assert policy.asked == []  # a stranger's URL is never looked at, let alone fetched
    assert list_feeds_as(OPERATOR, world) == []

    feed = bus.handle(_upload(OWNER))
    for someone in SOMEONE_ELSE:
        assert _refused(bus, RemoveFeed(actor=someone, owner_id=MINE, feed_id=feed.feed_id)) == ("profile", MINE)
    assert list_feeds_as(OWNER, world) == [feed.feed_id]
    bus.handle(RemoveFeed(actor=OPERATOR, owner_id=MINE, feed_id=feed.feed_id))
    assert list_feeds_as(OWNER, world) == []


def test_only_the_owner_or_the_operator_issues_rotates_and_revokes_the_export_feed(
    world: World, bus: CommandBus
) -> None:
    for someone in SOMEONE_ELSE:
        assert _refused(bus, CreateExportFeed(actor=someone, owner_id=MINE)) == ("profile", MINE)
    _feed, token = bus.handle(CreateExportFeed(actor=OWNER, owner_id=MINE))
    for someone in SOMEONE_ELSE:
        assert _refused(bus, RotateExportToken(actor=someone, owner_id=MINE)) == ("profile", MINE)
        assert _refused(bus, RevokeExportFeed(actor=someone, owner_id=MINE)) == ("profile", MINE)
    assert export_feed_for_token(token, world.uow()).owner_id == MINE  # the owner's URL still works
    _feed, rotated = bus.handle(RotateExportToken(actor=OPERATOR, owner_id=MINE))
    bus.handle(RevokeExportFeed(actor=OWNER, owner_id=MINE))
    for gone in (token, rotated):
        with pytest.raises(NotFound):
            export_feed_for_token(gone, world.uow())


def test_explanations_are_the_owners_alone(world: World) -> None:
    world.replace(la_days(MINE))
    ten = MONDAY + timedelta(days=1, hours=10)
    query = ExplainInterval(MINE, ten, ten + timedelta(hours=1))
    for someone in SOMEONE_ELSE:
        with pytest.raises(NotFound) as refused:
            explain_interval(query, someone, world.uow(), world.clock)
        assert (refused.value.kind, refused.value.key) == ("profile", MINE)
    assert explain_interval(query, OWNER, world.uow(), world.clock) == []


def test_seeding_schedules_is_the_operators_alone_and_leaves_stored_ones_alone(world: World, bus: CommandBus) -> None:
    world.replace(la_days(MINE, notice=timedelta(hours=2)), actor=OWNER)
    seed = (la_days(MINE), la_days())
    for someone in (OWNER, *SOMEONE_ELSE):
        with pytest.raises(StaffOnly):
            bus.handle(SeedSchedules(actor=someone, schedules=seed))
    with pytest.raises(NotFound):
        get_schedule(la_days().owner_id, OPERATOR, world.uow())  # nothing was written
    assert bus.handle(SeedSchedules(actor=OPERATOR, schedules=seed)) == 1
    assert get_schedule(MINE, OPERATOR, world.uow()).schedule.min_notice == timedelta(hours=2)  # the owner's stays
    assert bus.handle(SeedSchedules(actor=OPERATOR, schedules=seed)) == 0

"""A user's history for staff lists every report about them: one about a message they sent shows while it is still
open (the report names the account answering for its target when it is filed), beside those they filed; a report
filed before reports named anyone still shows when it struck them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.clock import FixedClock
from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.moderation_reports import InMemoryModerationUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.accounts.history import user_history
from core.identity.model import User
from core.moderation.commands import FileReport
from core.moderation.handlers import file_report
from core.moderation.model import ReasonCode, Report, ReportStatus, TargetKind
from core.moderation.strikes import Strike, StrikePolicy
from core.shared.actor import Actor, StaffOnly
from tests.unit.booking.in_memory_bookings import CountingIds
from tests.unit.moderation.test_moderation_handlers import KnownOffenders

NOW = datetime(2030, 3, 1, 9, tzinfo=UTC)
ALICE, BOB, KIM = Actor("usr_alice"), Actor("usr_bob"), Actor("usr_kim", ("support",))


class World:
    def __init__(self) -> None:
        self.database = InMemoryDatabase()
        with InMemoryIdentityUnitOfWork(self.database) as uow:
            for actor in (ALICE, BOB, KIM):
                assert actor.user_id is not None
                user = User.sign_up(actor.user_id, f"{actor.user_id}@example.com", "x", NOW)
                uow.users.add(attrs.evolve(user, staff_roles=actor.staff_roles))
            uow.commit()
        self.offenders, self.ids = KnownOffenders(), CountingIds()

    def uow(self) -> InMemoryModerationUnitOfWork:
        return InMemoryModerationUnitOfWork(self.database)

    def file(self, reporter: Actor, kind: TargetKind, target_id: str, minutes: int = 0) -> Report:
        command = FileReport(actor=reporter, target_kind=kind, target_id=target_id, reason=ReasonCode.SCAM)
        clock = FixedClock(NOW + timedelta(minutes=minutes))
        return file_report(command, self.uow(), clock, self.ids, self.offenders)

    def history_of(self, user_id: str, actor: Actor = KIM) -> tuple[list[str], list[str]]:
        found = user_history(actor, user_id, self.uow(), InMemoryBookingUnitOfWork(), StrikePolicy(), NOW)
        return [r.id for r in found.received], [r.id for r in found.filed]


@pytest.fixture
def world() -> World:
    return World()


def test_an_open_report_about_a_message_the_user_sent_is_in_their_history(world: World) -> None:
    world.offenders.accounts[(TargetKind.MESSAGE, "msg_1")] = "usr_bob"
    world.offenders.accounts[(TargetKind.MEDIA, "med_1")] = "usr_bob"
    about_message = world.file(ALICE, TargetKind.MESSAGE, "msg_1")
    about_media = world.file(ALICE, TargetKind.MEDIA, "med_1", minutes=5)
    unowned = world.file(ALICE, TargetKind.MESSAGE, "msg_gone", minutes=6)
    assert about_message.responsible_id == "usr_bob" and about_message.status is ReportStatus.OPEN
    assert unowned.responsible_id is None
    assert world.history_of("usr_bob") == ([about_message.id, about_media.id], [])
    assert world.history_of("usr_alice") == ([], [about_message.id, about_media.id, unowned.id])
    with pytest.raises(StaffOnly):
        world.history_of("usr_bob", actor=ALICE)


def test_a_report_filed_before_reports_named_anyone_shows_when_it_struck_the_user(world: World) -> None:
    legacy = Report.file("rpt_legacy", "usr_alice", TargetKind.REVIEW, "rvw_1", ReasonCode.HARASSMENT, "", NOW)
    other = Report.file("rpt_other", "usr_alice", TargetKind.REVIEW, "rvw_2", ReasonCode.HARASSMENT, "", NOW)
    with world.uow() as uow:
        uow.reports.add(legacy)
        uow.reports.add(other)
        uow.strikes.add(Strike("stk_1", "usr_bob", "rpt_legacy", "warn", NOW, NOW + timedelta(days=90)))
        uow.commit()
    world.offenders.accounts[(TargetKind.MESSAGE, "msg_1")] = "usr_bob"
    new = world.file(ALICE, TargetKind.MESSAGE, "msg_1", minutes=1)
    assert world.history_of("usr_bob")[0] == ["rpt_legacy", new.id]

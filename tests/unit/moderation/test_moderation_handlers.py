"""Reports through the handlers: anyone signed in reports; only staff see the queue, assign and decide, with a
reason; suspensions and removals need a second staff member; every staff act chains into the audit log; the
reporter is told the outcome; a decision to hide a review hides it from the public."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.moderation_reports import InMemoryModerationUnitOfWork
from adapters.memory.reviews import InMemoryReviewsUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.identity.model import User
from core.moderation import handlers
from core.moderation.commands import ApproveDecision, AssignReport, DecideReport, FileReport
from core.moderation.errors import DualControl, ReportDecided
from core.moderation.events import ReportResolved
from core.moderation.model import Action, ReasonCode, ReportStatus, TargetKind
from core.moderation.on_events import moderation_handlers
from core.moderation.ports import QueueFilter
from core.moderation.strikes import StrikePolicy
from core.reviews.handlers import public_reviews
from core.reviews.on_events import reviews_handlers
from core.reviews.rating import Side
from core.shared.actor import ANONYMOUS, Actor, StaffOnly
from core.shared.audit import first_broken
from core.shared.errors import InvalidInput, NotFound
from tests.contracts.review_repository import put, review, window
from tests.unit.booking.in_memory_bookings import CountingIds

NOW = datetime(2030, 3, 1, 9, tzinfo=UTC)
ALICE = Actor("usr_alice")
KIM = Actor("usr_kim", ("support",))
LEE = Actor("usr_lee", ("admin",))


class Notices:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send_notice(self, email: str, subject: str, text: str) -> None:
        self.sent.append((email, subject, text))


POLICY = StrikePolicy()


class KnownOffenders:
    """Who answers for which target, as the test sets it."""

    def __init__(self) -> None:
        self.accounts: dict[tuple[TargetKind, str], str] = {}

    def account_of(self, target_kind: TargetKind, target_id: str) -> str | None:
        return self.accounts.get((target_kind, target_id))


class World:
    def __init__(self) -> None:
        self.database = InMemoryDatabase()
        self.clock, self.ids, self.notices = FixedClock(NOW), CountingIds(), Notices()
        with InMemoryIdentityUnitOfWork(self.database) as uow:
            uow.users.add(User.sign_up("usr_alice", "alice@example.com", "x", NOW))
            for staff in (KIM, LEE):
                assert staff.user_id is not None
                user = User.sign_up(staff.user_id, f"{staff.user_id}@rastup.test", "x", NOW)
                uow.users.add(attrs.evolve(user, staff_roles=staff.staff_roles))
            uow.commit()
        self.events: list[object] = []
        self.offenders = KnownOffenders()

    def uow(self) -> InMemoryModerationUnitOfWork:
        return InMemoryModerationUnitOfWork(self.database)

    def run(self, handler: object, command: object, *ports: object) -> object:
        uow = self.uow()
        result = handler(command, uow, *ports)  # type: ignore[operator]  # a moderation handler
        self.events += uow.collect_events()
        return result

    def file(self, kind: TargetKind = TargetKind.REVIEW, target: str = "rvw_bkg_1_client") -> str:
        command = FileReport(actor=ALICE, target_kind=kind, target_id=target, reason=ReasonCode.HARASSMENT,
                             text="Insulting")  # fmt: skip
        filed = self.run(handlers.file_report, command, self.clock, self.ids, self.offenders)
        return str(filed.id)  # type: ignore[attr-defined]

    def decide(self, actor: Actor, report_id: str, action: Action, reason: str = "breaks the rules") -> object:
        command = DecideReport(actor=actor, report_id=report_id, action=action, reason=reason)
        return self.run(handlers.decide_report, command, self.clock, self.offenders, POLICY)


@pytest.fixture
def world() -> World:
    return World()


def test_a_report_reaches_the_staff_queue_and_only_staff_see_it(world: World) -> None:
    report_id = world.file()
    assert [r.id for r in handlers.staff_queue(world.uow(), KIM, QueueFilter())] == [report_id]
    for outsider in (ALICE, ANONYMOUS):
        with pytest.raises(StaffOnly):
            handlers.staff_queue(world.uow(), outsider, QueueFilter())
        with pytest.raises(StaffOnly):
            world.decide(outsider, report_id, Action.DISMISS)
    with pytest.raises(NotFound):
        handlers.file_report(FileReport(actor=ANONYMOUS, target_kind=TargetKind.PROFILE, target_id="prf_1",
                                        reason=ReasonCode.SPAM), world.uow(), world.clock, world.ids,
                             world.offenders)  # fmt: skip


def test_assignment_is_to_staff_and_filters_the_queue(world: World) -> None:
    report_id = world.file()
    world.run(handlers.assign_report, AssignReport(actor=KIM, report_id=report_id), world.clock)
    assert [r.id for r in handlers.staff_queue(world.uow(), LEE, QueueFilter(assignee_id="usr_kim"))] == [report_id]
    with pytest.raises(InvalidInput):
        world.run(handlers.assign_report, AssignReport(actor=KIM, report_id=report_id, assignee_id="usr_alice"),
                  world.clock)  # fmt: skip
    world.run(handlers.assign_report, AssignReport(actor=KIM, report_id=report_id, assignee_id="usr_lee"), world.clock)
    assert handlers.report_for_staff(world.uow(), KIM, report_id).assignee_id == "usr_lee"


def test_a_decision_needs_a_reason_is_final_and_tells_the_reporter(world: World) -> None:
    report_id = world.file(TargetKind.PROFILE, "prf_1")
    with pytest.raises(InvalidInput):
        world.decide(KIM, report_id, Action.WARN, "  ")
    world.decide(KIM, report_id, Action.WARN)
    with pytest.raises(ReportDecided):
        world.decide(LEE, report_id, Action.DISMISS)
    [resolved] = [e for e in world.events if isinstance(e, ReportResolved)]
    for handler in moderation_handlers(
        lambda: InMemoryIdentityUnitOfWork(world.database), world.notices, world.offenders
    )[ReportResolved]:
        handler(resolved)
    [(to, subject, text)] = world.notices.sent
    assert to == "alice@example.com" and "warned" in text and "usr_kim" not in text and subject


def test_suspensions_need_a_second_staff_member_and_every_step_is_audited(world: World) -> None:
    report_id = world.file(TargetKind.PROFILE, "prf_1")
    proposed = world.decide(KIM, report_id, Action.SUSPEND)
    assert proposed.status is ReportStatus.AWAITING_APPROVAL and world.events == []  # type: ignore[attr-defined]
    with pytest.raises(DualControl):
        world.run(handlers.approve_decision, ApproveDecision(actor=KIM, report_id=report_id), world.clock,
                  world.offenders, POLICY)  # fmt: skip
    world.clock.current = NOW + timedelta(minutes=5)
    approved = world.run(handlers.approve_decision, ApproveDecision(actor=LEE, report_id=report_id), world.clock,
                              world.offenders, POLICY)  # fmt: skip
    assert approved.decision.approved_by == "usr_lee"  # type: ignore[attr-defined]
    assert [type(e) for e in world.events] == [ReportResolved]
    with InMemoryIdentityUnitOfWork(world.database) as uow:
        entries = list(uow.audit.entries())
    assert [(e.record.actor, e.record.action) for e in entries] == [
        ("usr_kim", "report.propose"), ("usr_lee", "report.approve"),
    ]  # fmt: skip
    assert first_broken(entries) is None
    assert dict(entries[0].record.details)["target"] == "profile:prf_1"


def test_hiding_a_reported_review_takes_it_off_the_public_list(world: World) -> None:
    published = window("bkg_1")
    published.reviews[Side.CLIENT] = review(published, Side.CLIENT, 1, published=NOW)
    put(lambda: InMemoryReviewsUnitOfWork(world.database), published)
    assert len(public_reviews(InMemoryReviewsUnitOfWork(world.database), "prv_1")) == 1
    report_id = world.file(TargetKind.REVIEW, "rvw_bkg_1_client")
    world.decide(KIM, report_id, Action.HIDE)
    [resolved] = world.events
    for handler in reviews_handlers(lambda: InMemoryReviewsUnitOfWork(world.database))[ReportResolved]:
        handler(resolved)  # type: ignore[arg-type]
    assert public_reviews(InMemoryReviewsUnitOfWork(world.database), "prv_1") == []

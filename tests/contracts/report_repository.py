"""The contract of ``ReportRepository`` (in the moderation unit of work), run against every adapter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from core.moderation.model import Action, Decision, ReasonCode, Report, ReportStatus, TargetKind
from core.moderation.ports import ModerationUnitOfWork, QueueFilter
from core.moderation.strikes import Strike
from core.moderation.takedowns import Notice, Takedown, TakedownSla, TakedownStatus
from core.shared.errors import AlreadyExists, NotFound, VersionConflict

T0 = datetime(2030, 3, 1, 9, tzinfo=UTC)
NewModerationUow = Callable[[], ModerationUnitOfWork]


def report(report_id: str, kind: TargetKind = TargetKind.REVIEW, minutes: int = 0,
           responsible_id: str | None = None) -> Report:  # fmt: skip
    return Report.file(report_id, "usr_reporter", kind, "rvw_1", ReasonCode.HARASSMENT, "rude",
                       T0 + timedelta(minutes=minutes), responsible_id)  # fmt: skip


class ReportRepositoryContract:
    @pytest.fixture
    def new_uow(self) -> NewModerationUow:
        raise NotImplementedError

    def test_a_report_round_trips_with_its_decision_and_version(self, new_uow: NewModerationUow) -> None:
        with new_uow() as uow:
            uow.reports.add(report("rpt_1"))
            uow.commit()
        with new_uow() as uow:
            stored = uow.reports.get("rpt_1")
            assert stored == attrs.evolve(report("rpt_1"), version=1)
            stored.status, stored.assignee_id = ReportStatus.DECIDED, "usr_kim"
            stored.decision = Decision(Action.HIDE, "abusive", "usr_kim", T0, approved_by="usr_lee")
            uow.reports.save(stored)
            uow.commit()
        with new_uow() as uow:
            again = uow.reports.get("rpt_1")
            assert again == stored and again.version == 2
            again.version = 1
            with pytest.raises(VersionConflict):
                uow.reports.save(again)
        with new_uow() as uow:
            with pytest.raises(AlreadyExists):
                uow.reports.add(report("rpt_1"))
            with pytest.raises(NotFound):
                uow.reports.get("rpt_nope")

    def test_the_queue_filters_and_keeps_the_oldest_first(self, new_uow: NewModerationUow) -> None:
        with new_uow() as uow:
            uow.reports.add(report("rpt_b", TargetKind.PROFILE, minutes=5))
            uow.reports.add(report("rpt_a", TargetKind.REVIEW, minutes=1))
            taken = report("rpt_c", TargetKind.REVIEW, minutes=3)
            taken.assignee_id = "usr_kim"
            uow.reports.add(taken)
            done = report("rpt_d", minutes=0)
            done.status = ReportStatus.DECIDED
            uow.reports.add(done)
            uow.commit()
        with new_uow() as uow:
            assert [r.id for r in uow.reports.queue(QueueFilter())] == ["rpt_a", "rpt_c", "rpt_b"]
            assert [r.id for r in uow.reports.queue(QueueFilter(target_kind=TargetKind.REVIEW))] == ["rpt_a", "rpt_c"]
            assert [r.id for r in uow.reports.queue(QueueFilter(assignee_id="usr_kim"))] == ["rpt_c"]
            assert [r.id for r in uow.reports.queue(QueueFilter(status=ReportStatus.DECIDED))] == ["rpt_d"]
            assert [r.id for r in uow.reports.queue(QueueFilter(status=None, limit=2))] == ["rpt_d", "rpt_a"]
            about = QueueFilter(status=None, target_kind=TargetKind.REVIEW, target_id="rvw_1")
            assert [r.id for r in uow.reports.queue(about)] == ["rpt_d", "rpt_a", "rpt_c"]
            assert uow.reports.queue(attrs.evolve(about, target_id="rvw_2")) == []
            assert len(uow.reports.queue(QueueFilter(status=None, reporter_id="usr_reporter"))) == 4
            assert uow.reports.queue(QueueFilter(status=None, reporter_id="usr_other")) == []

    def test_the_queue_finds_the_reports_an_account_answers_for(self, new_uow: NewModerationUow) -> None:
        with new_uow() as uow:
            uow.reports.add(report("rpt_late", TargetKind.MESSAGE, minutes=9, responsible_id="usr_bob"))
            decided = report("rpt_early", TargetKind.MEDIA, minutes=2, responsible_id="usr_bob")
            decided.status = ReportStatus.DECIDED
            uow.reports.add(decided)
            uow.reports.add(report("rpt_eve", TargetKind.REVIEW, minutes=1, responsible_id="usr_eve"))
            uow.reports.add(report("rpt_old", TargetKind.REVIEW, minutes=0))  # filed before reports named anyone
            uow.commit()
        with new_uow() as uow:
            assert uow.reports.get("rpt_late").responsible_id == "usr_bob"
            assert uow.reports.get("rpt_old").responsible_id is None
            bobs = QueueFilter(status=None, responsible_id="usr_bob")
            assert [r.id for r in uow.reports.queue(bobs)] == ["rpt_early", "rpt_late"]
            assert [r.id for r in uow.reports.queue(attrs.evolve(bobs, status=ReportStatus.OPEN))] == ["rpt_late"]
            assert [r.id for r in uow.reports.queue(attrs.evolve(bobs, limit=1))] == ["rpt_early"]
            assert uow.reports.queue(attrs.evolve(bobs, responsible_id="usr_nobody")) == []
            stored = uow.reports.get("rpt_late")
            stored.assignee_id = "usr_kim"
            uow.reports.save(stored)
            uow.commit()
        with new_uow() as uow:
            assert uow.reports.get("rpt_late").responsible_id == "usr_bob"  # kept by a save

    def test_strikes_are_added_once_and_read_per_user_oldest_first(self, new_uow: NewModerationUow) -> None:
        later = Strike("stk_b", "usr_bob", "rpt_b", "hide", T0 + timedelta(days=1), T0 + timedelta(days=181))
        first = Strike("stk_a", "usr_bob", "rpt_a", "warn", T0, T0 + timedelta(days=90))
        other = Strike("stk_c", "usr_eve", "rpt_c", "warn", T0, T0 + timedelta(days=90))
        with new_uow() as uow:
            assert [uow.strikes.add(s) for s in (later, first, other)] == [True, True, True]
            uow.commit()
        with new_uow() as uow:
            assert uow.strikes.add(attrs.evolve(first, action="remove")) is False  # one strike per id
            assert list(uow.strikes.of_user("usr_bob")) == [first, later]
            assert list(uow.strikes.of_user("usr_nobody")) == []
            uow.commit()
        with new_uow() as uow:
            assert list(uow.strikes.of_user("usr_bob")) == [first, later]

    def test_takedowns_round_trip_and_queue_by_status_oldest_first(self, new_uow: NewModerationUow) -> None:
        notice = Notice.validated("Lee", "lee@studio.example", "Dawn", "https://x.example/media/med_1", True, True,
                                  "Lee")  # fmt: skip
        first, second = Takedown.file("tkd_1", notice, T0), Takedown.file("tkd_2", notice, T0 + timedelta(hours=1))
        with new_uow() as uow:
            uow.takedowns.add(second)
            uow.takedowns.add(first)
            uow.commit()
        with new_uow() as uow:
            stored = uow.takedowns.get("tkd_1")
            assert stored == attrs.evolve(first, version=1)
            stored.act(True, "matches", "usr_kim", T0 + timedelta(hours=2))  # proposed: who and when round-trip
            stored.approve_removal("usr_lee", T0 + timedelta(hours=2, minutes=30))
            stored.counter_notice("usr_ana", "mine", "Ana", TakedownSla(), T0 + timedelta(hours=3))
            uow.takedowns.save(stored)
            uow.commit()
        with new_uow() as uow:
            assert uow.takedowns.get("tkd_1") == attrs.evolve(stored, version=2)
            assert [t.id for t in uow.takedowns.queue(frozenset({TakedownStatus.RECEIVED}), 10)] == ["tkd_2"]
            assert [t.id for t in uow.takedowns.queue(frozenset(), 10)] == ["tkd_1", "tkd_2"]
            assert [t.id for t in uow.takedowns.queue(frozenset(), 1)] == ["tkd_1"]
            with pytest.raises(NotFound):
                uow.takedowns.get("tkd_9")
            with pytest.raises(AlreadyExists):
                uow.takedowns.add(Takedown.file("tkd_2", notice, T0))
            stale = attrs.evolve(stored, version=1)
            with pytest.raises(VersionConflict):
                uow.takedowns.save(stale)

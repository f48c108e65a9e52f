"""Takedowns in the core: a notice is checked before anything is stored (fields, then the CAPTCHA); the steps come
in order; only the target's owner counters; the SLA deadlines and the backlog the gauges show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.captcha.siteverify import TestCaptchaVerifier
from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.rate_limiter import InMemoryRateLimiter
from core.identity.errors import RateLimited
from core.moderation.errors import CaptchaFailed, TakedownDualControl, TakedownState
from core.moderation.events import TakedownChanged, TakedownStepped
from core.moderation.model import TargetKind
from core.moderation.on_events import moderation_handlers
from core.moderation.takedown_commands import (
    AcknowledgeTakedown,
    ActOnTakedown,
    ApproveTakedownRemoval,
    CounterTakedown,
    FileTakedown,
    RestoreTakedown,
)  # fmt: skip
from core.moderation.takedown_handlers import (
    acknowledge_takedown,
    act_on_takedown,
    approve_takedown_removal,
    counter_takedown,
    file_takedown,
    restore_takedown,
    takedown_queue,
)  # fmt: skip
from core.moderation.takedowns import (
    Notice,
    Takedown,
    TakedownLimits,
    TakedownSla,
    TakedownStatus,
    backlog,
    deadlines,
)
from core.shared.actor import Actor, StaffOnly
from core.shared.errors import InvalidInput, NotFound
from tests.unit.moderation.test_moderation_handlers import KIM, LEE, NOW, World, world  # noqa: F401

SLA = TakedownSla()
LIMITS = TakedownLimits()
ANA = Actor("usr_ana")


def filing(**changes: object) -> FileTakedown:
    fields: dict[str, object] = dict(
        claimant_name="Lee Rights", claimant_email="lee@studio.example", work="My photo 'Dawn'",
        target="https://rastup.example/media/med_1", good_faith=True, accurate=True, signature="Lee Rights",
        captcha_token="test-captcha-pass", remote_ip="203.0.113.9",
    )  # fmt: skip
    return FileTakedown(**{**fields, **changes})  # type: ignore[arg-type]  # the fields above, some changed


def file(w: World, limiter: InMemoryRateLimiter | None = None, limits: TakedownLimits = LIMITS,
         **changes: object) -> Takedown:  # fmt: skip
    """File through ``limiter`` (a fresh one: no limit reached) under ``limits``."""
    found = w.run(file_takedown, filing(**changes), w.clock, w.ids, TestCaptchaVerifier(),
                  limiter or InMemoryRateLimiter(), limits)  # fmt: skip
    assert isinstance(found, Takedown)
    return found


def removed(w: World, takedown_id: str) -> Takedown:
    """KIM proposes the removal, LEE approves it (dual control)."""
    w.run(act_on_takedown, ActOnTakedown(actor=KIM, takedown_id=takedown_id, remove=True, reason="matches"), w.clock)
    return w.run(approve_takedown_removal, ApproveTakedownRemoval(actor=LEE, takedown_id=takedown_id), w.clock)  # type: ignore[return-value]


@pytest.mark.parametrize(("changes", "field"), [
    ({"good_faith": False}, "goodFaith"), ({"accurate": False}, "accurate"), ({"claimant_email": "lee"},
    "claimantEmail"), ({"signature": ""}, "signature"), ({"work": " "}, "work"), ({"target": "a picture"}, "target"),
    ({"claimant_name": "Lee\u202eRights"}, "claimantName"),
])  # fmt: skip
def test_bad_notices_are_refused_and_nothing_is_stored(world: World, changes: dict[str, object],  # noqa: F811
                                                       field: str) -> None:  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        file(world, **changes)
    assert refused.value.field == field
    with pytest.raises(CaptchaFailed):
        file(world, captcha_token="wrong")
    with pytest.raises(CaptchaFailed):
        file(world, captcha_token="")
    assert takedown_queue(world.uow(), KIM, frozenset(), 10, SLA, NOW) == [] and world.events == []


def test_a_media_notice_hides_at_once_and_the_steps_come_in_order(world: World) -> None:  # noqa: F811
    takedown = file(world)
    assert [e for e in world.events if isinstance(e, TakedownChanged)] == [
        TakedownChanged(takedown_id=takedown.id, target_kind="media", target_id="med_1", hidden=True)
    ]
    with pytest.raises(StaffOnly):
        world.run(acknowledge_takedown, AcknowledgeTakedown(actor=ANA, takedown_id=takedown.id), world.clock)
    with pytest.raises(TakedownState):
        world.run(restore_takedown, RestoreTakedown(actor=KIM, takedown_id=takedown.id), world.clock)
    world.run(acknowledge_takedown, AcknowledgeTakedown(actor=KIM, takedown_id=takedown.id), world.clock)
    removed(world, takedown.id)
    counter = CounterTakedown(actor=Actor("usr_eve"), takedown_id=takedown.id, statement="mine", signature="Eve")
    world.offenders.accounts[(TargetKind.MEDIA, "med_1")] = "usr_ana"
    with pytest.raises(NotFound):  # only the owner counters
        world.run(counter_takedown, counter, world.clock, world.offenders, SLA)
    countered = world.run(counter_takedown, CounterTakedown(actor=ANA, takedown_id=takedown.id, statement="mine",
                          signature="Ana"), world.clock, world.offenders, SLA)  # fmt: skip
    assert countered.restorable_at == NOW + SLA.counter_wait  # type: ignore[attr-defined]
    with pytest.raises(TakedownState):
        world.run(restore_takedown, RestoreTakedown(actor=KIM, takedown_id=takedown.id), world.clock)
    world.clock.advance(SLA.counter_wait)
    restored = world.run(restore_takedown, RestoreTakedown(actor=KIM, takedown_id=takedown.id), world.clock)
    assert restored.status is TakedownStatus.RESTORED  # type: ignore[attr-defined]
    assert [e.hidden for e in world.events if isinstance(e, TakedownChanged)] == [True, False]


def test_a_profile_notice_hides_the_profile_only_once_removed() -> None:
    notice = Notice.validated("Lee", "lee@x.example", "Text", "prf_ana", True, True, "Lee")
    takedown = Takedown.file("tkd_1", notice, NOW)
    assert takedown.target_kind == "profile"
    assert not [e for e in takedown.pull_events() if isinstance(e, TakedownChanged)]
    takedown.act(True, "copied bio", "usr_kim", NOW)
    assert not [e for e in takedown.pull_events() if isinstance(e, TakedownChanged)]  # proposed: still shown
    takedown.approve_removal("usr_lee", NOW)
    assert [e.hidden for e in takedown.pull_events() if isinstance(e, TakedownChanged)] == [True]


@given(st.lists(st.tuples(st.integers(0, 200), st.sampled_from([None, 1, 30]), st.booleans()), max_size=12))
def test_the_backlog_counts_what_waits_and_what_is_late(specs: list[tuple[int, int | None, bool]]) -> None:
    notice = Notice.validated("Lee", "lee@x.example", "Dawn", "med_1", True, True, "Lee")
    found = []
    for n, (hours_ago, ack_after, acted) in enumerate(specs):
        t = Takedown.file(f"tkd_{n}", notice, NOW - timedelta(hours=hours_ago))
        if ack_after is not None and ack_after <= hours_ago:
            t.acknowledge("usr_kim", t.received_at + timedelta(hours=ack_after))
        if acted:
            t.act(True, "matches", "usr_kim", NOW)
            if hours_ago % 2:  # some proposals approved, some still waiting for a second staff member
                t.approve_removal("usr_lee", NOW)
        found.append(t)
    shown = backlog(found, SLA, NOW)
    unacked = [t for t in found if t.status is TakedownStatus.RECEIVED]
    unacted = [t for t in found if t.acted_at is None]
    assert shown["acknowledge"].waiting == len(unacked) and shown["act"].waiting == len(unacted)
    assert shown["act"].overdue == sum(1 for t in unacted if deadlines(t, SLA, NOW).act_late)
    assert shown["acknowledge"].overdue == sum(1 for t in unacked if deadlines(t, SLA, NOW).acknowledge_late)
    assert 0 <= shown["acknowledge"].oldest_age_s <= shown["act"].oldest_age_s <= 200 * 3600


def test_the_claimant_and_the_owner_are_told_each_step(world: World) -> None:  # noqa: F811
    world.offenders.accounts[(TargetKind.MEDIA, "med_1")] = "usr_alice"
    takedown = file(world)
    removed(world, takedown.id)
    [tell] = moderation_handlers(lambda: InMemoryIdentityUnitOfWork(world.database), world.notices,
                                 world.offenders)[TakedownStepped]  # fmt: skip
    for event in world.events:
        if isinstance(event, TakedownStepped):
            tell(event)
    sent = [(to, subject) for to, subject, _ in world.notices.sent]
    assert sent == [
        ("lee@studio.example", f"Your copyright notice {takedown.id}"),
        ("alice@example.com", f"Copyright notice {takedown.id} about your media med_1"),
        ("lee@studio.example", f"Your copyright notice {takedown.id}"),
        ("alice@example.com", f"Copyright notice {takedown.id} about your media med_1"),
    ]
    removal = world.notices.sent[-1][2]
    assert f"/api/takedowns/{takedown.id}/counter-notice" in removal and "lee@" not in removal


def test_a_removal_is_proposed_by_one_staff_member_and_approved_by_another(world: World) -> None:  # noqa: F811
    takedown = file(world)
    with pytest.raises(TakedownState):  # nothing proposed yet
        world.run(approve_takedown_removal, ApproveTakedownRemoval(actor=LEE, takedown_id=takedown.id), world.clock)
    proposed = world.run(act_on_takedown, ActOnTakedown(actor=KIM, takedown_id=takedown.id, remove=True,
                                                        reason="matches"), world.clock)  # fmt: skip
    assert proposed.status is TakedownStatus.PROPOSED and proposed.acted_at is None  # type: ignore[attr-defined]
    with pytest.raises(TakedownDualControl):  # the proposer cannot approve their own removal
        world.run(approve_takedown_removal, ApproveTakedownRemoval(actor=KIM, takedown_id=takedown.id), world.clock)
    with pytest.raises(StaffOnly):
        world.run(approve_takedown_removal, ApproveTakedownRemoval(actor=ANA, takedown_id=takedown.id), world.clock)
    with pytest.raises(TakedownState):  # a proposal is not proposed again
        world.run(act_on_takedown, ActOnTakedown(actor=LEE, takedown_id=takedown.id, remove=True, reason="again"),
                  world.clock)  # fmt: skip
    approved = world.run(approve_takedown_removal, ApproveTakedownRemoval(actor=LEE, takedown_id=takedown.id),
                         world.clock)  # fmt: skip
    assert approved.status is TakedownStatus.REMOVED and approved.staff_id == "usr_lee"  # type: ignore[attr-defined]
    assert approved.proposed_by == "usr_kim"  # type: ignore[attr-defined]
    with InMemoryIdentityUnitOfWork(world.database) as uow:
        trail = [(e.record.actor, e.record.action) for e in uow.audit.entries() if e.record.subject == takedown.id]
    assert trail == [("usr_kim", "takedown.propose_removal"), ("usr_lee", "takedown.approve_removal")]


def test_a_proposed_removal_can_be_rejected_instead_which_shows_the_media_again(world: World) -> None:  # noqa: F811
    takedown = file(world)
    world.run(act_on_takedown, ActOnTakedown(actor=KIM, takedown_id=takedown.id, remove=True, reason="matches"),
              world.clock)  # fmt: skip
    rejected = world.run(act_on_takedown, ActOnTakedown(actor=LEE, takedown_id=takedown.id, remove=False,
                                                        reason="licensed"), world.clock)  # fmt: skip
    assert rejected.status is TakedownStatus.REJECTED  # type: ignore[attr-defined]
    assert [e.hidden for e in world.events if isinstance(e, TakedownChanged)] == [True, False]


def test_one_address_files_only_so_many_notices_an_hour_and_the_next_waits(world: World) -> None:  # noqa: F811
    limiter, limits = InMemoryRateLimiter(), TakedownLimits(per_address=2, window_s=3600)
    file(world, limiter, limits)
    with pytest.raises(CaptchaFailed):  # a failed attempt counts too: the CAPTCHA provider is not hammered
        file(world, limiter, limits, captcha_token="wrong")
    with pytest.raises(RateLimited) as limited:
        file(world, limiter, limits)
    assert limited.value.scope == "takedown-ip" and 0 < limited.value.retry_after_s <= 3600
    assert len(takedown_queue(world.uow(), KIM, frozenset(), 10, SLA, NOW)) == 1  # nothing stored when limited
    file(world, limiter, limits, remote_ip="198.51.100.7")  # another address has its own allowance
    world.clock.advance(timedelta(hours=1))
    file(world, limiter, limits)  # the window has passed
    for _ in range(5):
        file(world, limiter, TakedownLimits(per_address=0))  # 0: no limit

"""Strikes: lapsed strikes never count, more strikes never lower the restriction; decisions add one strike per
report to the account responsible; a restricted account cannot send messages and its listings are unpublished."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.onboarding import InMemoryOnboardingUnitOfWork
from adapters.memory.payments import InMemoryPaymentGateway
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from core.accounts.restrictions import StrikeRestrictions, restriction_handlers
from core.moderation import handlers
from core.moderation.commands import ApproveDecision
from core.moderation.events import AccountRestricted
from core.moderation.model import Action, TargetKind
from core.moderation.strikes import Restriction, Strike, StrikePolicy, restriction, strike_for
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, ProfileStatus
from tests.unit.moderation.test_moderation_handlers import KIM, LEE, NOW, World, world  # noqa: F401

POLICY = StrikePolicy()
ACTIONS = st.sampled_from(["warn", "hide", "remove", "suspend"])


@st.composite
def strikes(draw: st.DrawFn) -> list[Strike]:
    count = draw(st.integers(0, 8))
    found = []
    for n in range(count):
        issued = NOW - timedelta(days=draw(st.integers(0, 800)))
        found.append(Strike(f"stk_{n}", "usr_x", f"rpt_{n}", draw(ACTIONS), issued,
                            issued + timedelta(days=draw(st.integers(1, 400)))))  # fmt: skip
    return found


@given(strikes())
def test_lapsed_strikes_never_count(found: list[Strike]) -> None:
    active = [s for s in found if s.active(NOW)]
    assert restriction(POLICY, found, NOW) == restriction(POLICY, active, NOW)


@given(strikes(), strikes())
def test_more_strikes_never_lower_the_restriction(found: list[Strike], more: list[Strike]) -> None:
    more = [attrs.evolve(s, id=f"more_{s.id}") for s in more]
    assert restriction(POLICY, found + more, NOW) >= restriction(POLICY, found, NOW)


def test_thresholds_are_data_and_a_dismissal_adds_no_strike() -> None:
    warns = [strike_for(POLICY, f"stk_{n}", "usr_x", f"rpt_{n}", "warn", NOW) for n in range(4)]
    levels = [restriction(POLICY, [s for s in warns[:n] if s], NOW) for n in range(5)]
    assert levels == [Restriction.NONE, Restriction.NONE, Restriction.MESSAGING, Restriction.LISTINGS_HIDDEN,
                      Restriction.SUSPENDED]  # fmt: skip
    assert restriction(POLICY, [s for s in warns if s], NOW + timedelta(days=91)) is Restriction.NONE
    assert strike_for(POLICY, "stk", "usr_x", "rpt", "dismiss", NOW) is None
    strict = StrikePolicy(thresholds=((1, Restriction.SUSPENDED),))
    assert restriction(strict, [s for s in warns[:1] if s], NOW) is Restriction.SUSPENDED


def _decided(in_world: World, target: str, action: Action) -> str:
    report_id = in_world.file(TargetKind.PROFILE, target)
    in_world.decide(KIM, report_id, action)
    return report_id


def test_decisions_strike_the_account_responsible_and_restrict_it(world: World) -> None:  # noqa: F811
    world.offenders.accounts.update({(TargetKind.PROFILE, f"prf_{n}"): "usr_bob" for n in range(3)})
    world.offenders.accounts[(TargetKind.PROFILE, "prf_seeded")] = "usr_bob"
    restrictions = StrikeRestrictions(world.uow, POLICY, world.clock)
    _decided(world, "prf_0", Action.WARN)
    _decided(world, "prf_0", Action.WARN)  # reported again, warned again: still one strike for the one offence
    _decided(world, "prf_unowned", Action.HIDE)  # nobody answers for it: no strike
    _decided(world, "prf_0", Action.DISMISS)
    assert not restrictions.messaging_restricted("usr_bob")
    _decided(world, "prf_1", Action.HIDE)
    assert restrictions.messaging_restricted("usr_bob")
    assert not restrictions.messaging_restricted("usr_alice")
    with world.uow() as uow:
        assert sorted(s.action for s in uow.strikes.of_user("usr_bob")) == ["hide", "warn"]  # one instant: by id
    raised = [e for e in world.events if isinstance(e, AccountRestricted)]
    assert [(e.previous, e.restriction) for e in raised] == [("none", "messaging")]
    world.clock.advance(timedelta(days=91))  # the warning lapsed: one strike left
    assert not restrictions.messaging_restricted("usr_bob")


def test_a_suspension_counts_once_approved_and_unpublishes_the_listings(world: World) -> None:  # noqa: F811
    world.offenders.accounts[(TargetKind.PROFILE, "prf_1")] = "usr_bob"
    fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name="Bob")
    profile = ProfileDraft.new(profile_id="prf_1", kind=ProfileKind.PROVIDER, slug="bob", fields=fields, now=NOW)
    with InMemoryProfilesUnitOfWork(world.database) as uow:
        uow.profiles.add(attrs.evolve(profile, owner_user_id="usr_bob", status=ProfileStatus.PUBLISHED))
        uow.commit()
    report_id = world.file(TargetKind.PROFILE, "prf_1")
    world.decide(KIM, report_id, Action.SUSPEND)
    restrictions = StrikeRestrictions(world.uow, POLICY, world.clock)
    assert restrictions.level("usr_bob") is Restriction.NONE  # proposed only
    world.run(handlers.approve_decision, ApproveDecision(actor=LEE, report_id=report_id), world.clock,
              world.offenders, POLICY)  # fmt: skip
    assert restrictions.level("usr_bob") is Restriction.SUSPENDED
    [raised] = [e for e in world.events if isinstance(e, AccountRestricted)]
    [hide, cancel] = restriction_handlers(
        lambda: InMemoryProfilesUnitOfWork(world.database), lambda: InMemoryOnboardingUnitOfWork(world.database),
        lambda: InMemoryBookingUnitOfWork(world.database), lambda: InMemoryBookingUnitOfWork(world.database),
        InMemoryPaymentGateway(SequentialIds()), FixedClock(NOW),
    )[AccountRestricted]  # fmt: skip
    assert hide(raised) == ["prf_1"]
    assert hide(raised) == []  # idempotent: already a draft
    assert cancel(raised) == {}  # no bookings (over HTTP: tests/unit/http/test_moderation_api.py)
    with InMemoryProfilesUnitOfWork(world.database) as uow:
        assert not uow.profiles.get("prf_1").is_published


@pytest.mark.parametrize("action", ["dismiss"])
def test_a_dismissal_never_restricts(world: World, action: str) -> None:  # noqa: F811
    world.offenders.accounts[(TargetKind.PROFILE, "prf_1")] = "usr_bob"
    for _ in range(5):
        _decided(world, "prf_1", Action(action))
    with world.uow() as uow:
        assert list(uow.strikes.of_user("usr_bob")) == []

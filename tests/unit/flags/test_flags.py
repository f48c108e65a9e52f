"""Kill switches: admins and the operator flip them with a reason, every process sees it within the cache's life,
and the command bus refuses a guarded command while its switch is off."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import attrs
import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.flags import InMemoryFlagStore
from core.flags.handlers import CACHE_TTL, CommandGuard, Switchboard, set_flag
from core.flags.model import Flag, FlagState, SetFlag, SwitchedOff
from core.shared.actor import OPERATOR, Actor, StaffOnly
from core.shared.audit import AuditEntry
from core.shared.commands import Command, CommandBus
from core.shared.errors import InvalidInput
from tests.contracts.flag_store import T0, FlagStoreContract

ADMIN, SUPPORT = Actor("usr_kim", ("admin",)), Actor("usr_sam", ("support",))


class TestInMemoryFlagStore(FlagStoreContract):
    @pytest.fixture
    def store(self) -> InMemoryFlagStore:
        return InMemoryFlagStore()

    @pytest.fixture
    def audit_entries(self, store: InMemoryFlagStore) -> Callable[[], Sequence[AuditEntry]]:
        return store.audit.entries


@attrs.frozen
class Checkout(Command[str]):
    actor: Actor


def checkout(cmd: Checkout) -> str:
    return "booked"


def test_every_switch_is_on_until_an_admin_or_the_operator_turns_it_off_saying_why() -> None:
    store, clock = InMemoryFlagStore(), FixedClock(T0)
    reader = Switchboard(store, clock)
    assert all(state.on for state in reader.states().values()) and set(reader.states()) == set(Flag)
    for refused in (SUPPORT, Actor("usr_ana")):
        with pytest.raises(StaffOnly):
            set_flag(SetFlag(actor=refused, flag=Flag.CHECKOUT, on=False, reason="x"), reader, clock)
    with pytest.raises(InvalidInput) as no_reason:
        set_flag(SetFlag(actor=ADMIN, flag=Flag.CHECKOUT, on=False, reason="  "), reader, clock)
    assert no_reason.value.field == "reason" and store.states() == {}
    state = set_flag(SetFlag(actor=ADMIN, flag=Flag.CHECKOUT, on=False, reason=" PSP incident "), reader, clock)
    assert state == FlagState(Flag.CHECKOUT, False, "PSP incident", "usr_kim", T0)
    assert not reader.is_on(Flag.CHECKOUT)  # this process sees its own change at once
    by_cli = set_flag(SetFlag(actor=OPERATOR, flag=Flag.CHECKOUT, on=True, reason="over"), reader, clock)
    assert by_cli.changed_by == "operator" and reader.is_on(Flag.CHECKOUT)


def test_another_process_sees_a_change_once_its_cached_copy_is_older_than_the_ttl() -> None:
    store, clock = InMemoryFlagStore(), FixedClock(T0)
    other_process = Switchboard(store, clock)
    assert other_process.is_on(Flag.SIGNUPS)
    store.save(FlagState(Flag.SIGNUPS, False, "spam wave", "operator", T0))
    assert other_process.is_on(Flag.SIGNUPS)  # still its cached copy
    clock.advance(CACHE_TTL - timedelta(milliseconds=1))
    assert other_process.is_on(Flag.SIGNUPS)
    clock.advance(timedelta(milliseconds=1))
    assert not other_process.is_on(Flag.SIGNUPS)


def test_the_bus_refuses_a_guarded_command_with_503_while_its_switch_is_off_and_runs_it_again_after() -> None:
    store, clock = InMemoryFlagStore(), FixedClock(T0)
    reader = Switchboard(store, clock)
    bus = CommandBus({Checkout: checkout}, {}, guard=CommandGuard(reader, {Checkout: Flag.CHECKOUT}))
    assert bus.handle(Checkout(Actor("usr_ana"))) == "booked"
    set_flag(SetFlag(actor=ADMIN, flag=Flag.CHECKOUT, on=False, reason="incident"), reader, clock)
    with pytest.raises(SwitchedOff) as refused:
        bus.handle(Checkout(Actor("usr_ana")))
    assert refused.value.members() == {"flag": "checkout", "retry_after_s": 300}
    set_flag(SetFlag(actor=ADMIN, flag=Flag.CHECKOUT, on=True, reason="over"), reader, clock)
    assert bus.handle(Checkout(Actor("usr_ana"))) == "booked"

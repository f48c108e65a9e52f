"""The command bus hands a command to its handler with the ports the handler names by type."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import pytest

from core.shared.actor import ANONYMOUS, OPERATOR, Actor, StaffOnly, require_staff
from core.shared.commands import Command, CommandBus, MissingPort, UnknownCommand, joined_commands


class Ledger:
    """A port: what the handler writes to."""

    def __init__(self) -> None:
        self.lines: list[str] = []


class Stamp:
    """Another port."""

    def __init__(self, text: str) -> None:
        self.text = text


@attrs.frozen
class Write(Command[int]):
    actor: Actor
    text: str


@attrs.frozen
class Erase(Command[None]):
    actor: Actor


def write(cmd: Write, ledger: Ledger, stamp: Stamp, repeat: int = 1) -> int:
    ledger.lines.extend([f"{stamp.text}:{cmd.actor.user_id}:{cmd.text}"] * repeat)
    return len(ledger.lines)


def erase(cmd: Erase, ledger: Ledger) -> None:
    ledger.lines.clear()


def test_the_bus_supplies_each_port_from_its_provider_per_command() -> None:
    ledgers: list[Ledger] = []

    def new_ledger() -> Ledger:
        ledgers.append(Ledger())
        return ledgers[-1]

    bus = CommandBus({Write: write, Erase: erase}, {Ledger: new_ledger, Stamp: lambda: Stamp("s")})
    assert bus.handle(Write(Actor("usr_1"), "hello")) == 1
    assert bus.handle(Write(Actor("usr_2"), "again")) == 1  # a fresh ledger (unit of work) per command
    assert [ledger.lines for ledger in ledgers] == [["s:usr_1:hello"], ["s:usr_2:again"]]  # defaults stay defaults


def test_a_handler_needing_a_port_nobody_provides_fails_when_the_bus_is_built() -> None:
    with pytest.raises(MissingPort, match="Write's handler needs stamp"):
        CommandBus({Write: write}, {Ledger: Ledger})


def test_an_unregistered_command_is_a_programming_error_and_a_type_has_one_handler() -> None:
    bus = CommandBus({Erase: erase}, {Ledger: Ledger})
    with pytest.raises(UnknownCommand):
        bus.handle(Write(OPERATOR, "x"))
    with pytest.raises(ValueError, match="two handlers"):
        joined_commands({Erase: erase}, {Erase: erase})


def test_around_wraps_the_guard_and_the_handler_and_sees_their_errors() -> None:
    """The composition root's hook (a tracing span) encloses everything the command does, refusals included."""
    seen: list[str] = []

    @contextmanager
    def around(command: object) -> Iterator[None]:
        seen.append(f"enter {type(command).__name__}")
        try:
            yield
        except Exception as error:
            seen.append(f"failed {type(error).__name__}")
            raise
        seen.append(f"exit {len(ledger.lines)} lines")

    def guard(command: object) -> None:
        seen.append("guard")
        if isinstance(command, Erase):
            raise PermissionError("switched off")

    ledger = Ledger()
    bus = CommandBus({Write: write, Erase: erase}, {Ledger: lambda: ledger, Stamp: lambda: Stamp("s")}, guard, around)
    assert bus.handle(Write(OPERATOR, "x")) == 1
    with pytest.raises(PermissionError):
        bus.handle(Erase(OPERATOR))
    assert seen == ["enter Write", "guard", "exit 1 lines", "enter Erase", "guard", "failed PermissionError"]
    assert ledger.lines == ["s:None:x"]


def test_staff_checks_name_the_roles_and_the_operator_passes_every_one() -> None:
    support = Actor("usr_kim", ("support",))
    assert require_staff(support) is support and require_staff(support, "support", "admin") is support
    assert require_staff(OPERATOR, "admin") is OPERATOR
    for refused, roles in ((support, ("admin",)), (Actor("usr_ana"), ()), (ANONYMOUS, ("support",))):
        with pytest.raises(StaffOnly) as error:
            require_staff(refused, *roles)
        assert error.value.members() == {"roles": list(roles or ("admin", "support"))}
    assert not Actor().is_user(None) and Actor("usr_a").is_user("usr_a") and not OPERATOR.is_user(None)

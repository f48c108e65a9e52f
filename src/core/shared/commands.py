"""The command bus: an edge builds a command (who acts, and what they ask) and hands it to ``bus.handle``.

Each context lists its command handlers in ``core/<context>/on_commands.py`` as a map from command type to
handler function. A handler takes the command first, then the ports it works with, each annotated with the
port's type (``uow: ProfilesUnitOfWork``, ``ids: IdGenerator``); the bus supplies every such argument from the
composition root's providers, called anew per command (a fresh unit of work each time). What the handler
returns is the answer; the events its unit of work recorded go to the message bus when the unit commits.

Every handler's needs are checked when the bus is built, so a port the root forgot to provide fails at start-up,
not on the first request. A ``guard`` sees each command before its handler and may refuse it (the kill switches
of ``core.flags``). ``around`` wraps each command's handling in a context the composition root chooses (a tracing
span, when tracing is on), so the core stays free of any tracing library; by default it adds nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, TypeVar, get_type_hints

import attrs

Answer = TypeVar("Answer")
CommandHandler = Callable[..., Any]
CommandHandlers = Mapping[type, CommandHandler]
_NOTHING_AROUND: AbstractContextManager[None] = nullcontext()  # reusable: enters and exits doing nothing


class Command(Generic[Answer]):
    """Base of the commands a bus handles; ``Answer`` is what their handler returns (for type checkers)."""

    __slots__ = ()


class UnknownCommand(LookupError):
    """No handler is registered for a command's type (a programming error, never a caller's)."""


class MissingPort(LookupError):
    """A handler needs a port type that the composition root does not provide."""


def joined_commands(*maps: CommandHandlers) -> dict[type, CommandHandler]:
    """One command map from several contexts'; a command type may be registered by one context only."""
    merged: dict[type, CommandHandler] = {}
    for handlers in maps:
        for kind, handler in handlers.items():
            if kind in merged:
                raise ValueError(f"{kind.__name__} has two handlers")
            merged[kind] = handler
    return merged


def needs(handler: CommandHandler) -> dict[str, Any]:
    """The ports ``handler`` takes after its command, by parameter name: each required parameter's annotated
    type (parameters with a default are left to the default)."""
    hints = get_type_hints(handler)
    parameters = list(inspect.signature(handler).parameters.values())[1:]
    return {p.name: hints[p.name] for p in parameters if p.default is inspect.Parameter.empty}


@attrs.define
class CommandBus:
    """Hands each command to its context's handler, with the ports that handler names by type."""

    handlers: CommandHandlers
    provide: Mapping[Any, Callable[[], Any]]  # a port type -> what makes one (called once per command)
    guard: Callable[[object], None] = lambda _command: None  # raises to refuse a command (a kill switch is off)
    around: Callable[[object], AbstractContextManager[object]] = lambda _command: _NOTHING_AROUND
    _needs: dict[type, dict[str, Any]] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        for kind, handler in self.handlers.items():
            wanted = needs(handler)
            if missing := [f"{name}: {port}" for name, port in wanted.items() if port not in self.provide]:
                raise MissingPort(f"{kind.__name__}'s handler needs {', '.join(missing)}")
            self._needs[kind] = wanted

    def handle(self, command: Command[Answer]) -> Answer:
        """Run ``command``'s handler and return its answer; its errors (``DomainError``s) reach the caller."""
        kind = type(command)
        if kind not in self._needs:
            raise UnknownCommand(f"no handler for {kind.__name__}")
        with self.around(command):
            self.guard(command)
            ports = {name: self.provide[port]() for name, port in self._needs[kind].items()}
            answer: Answer = self.handlers[kind](command, **ports)
        return answer

"""Reading and changing switches: the switchboard every process holds, the command that flips one, the bus guard."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from core.flags.model import Flag, FlagState, SetFlag, SwitchedOff, changed
from core.flags.ports import FlagStore
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock

CACHE_TTL = timedelta(seconds=5)


class Switchboard:
    """The switches as this process sees them: "is this switch on?" answers from a copy of the store's states at
    most ``ttl`` old, so a hot path (every checkout, every sign-up) costs a dictionary lookup, and a switch turned
    off in one process, or by the CLI, reaches every process within ``ttl``."""

    def __init__(self, store: FlagStore, clock: Clock, ttl: timedelta = CACHE_TTL) -> None:
        self._store, self._clock, self._ttl = store, clock, ttl
        self._stored: dict[Flag, FlagState] = {}
        self._read_at: datetime | None = None  # None: read the store at the next question
        self._lock = threading.Lock()

    def _current(self) -> dict[Flag, FlagState]:
        """The switches operators set, as read from the store at most ``ttl`` ago."""
        now = self._clock.now()
        with self._lock:
            if self._read_at is None or not self._read_at <= now < self._read_at + self._ttl:
                self._stored, self._read_at = self._store.states(), now
            return self._stored

    def states(self) -> dict[Flag, FlagState]:
        """Every switch's state, those never set as on."""
        stored = self._current()
        return {flag: stored.get(flag, FlagState(flag, on=True)) for flag in Flag}

    def is_on(self, flag: Flag) -> bool:
        state = self._current().get(flag)
        return state is None or state.on

    def require_on(self, flag: Flag) -> None:
        """Raises ``SwitchedOff`` while ``flag`` is off."""
        if not self.is_on(flag):
            raise SwitchedOff(flag.value)

    def save(self, state: FlagState) -> None:
        """Keep ``state``; this process reads the store again at its next question."""
        self._store.save(state)
        with self._lock:
            self._read_at = None

    def history(self, limit: int) -> Sequence[FlagState]:
        """The last ``limit`` changes, newest first (never cached)."""
        return self._store.history(limit)


def set_flag(cmd: SetFlag, switchboard: Switchboard, clock: Clock) -> FlagState:
    """Turn a switch on or off (admin or operator). Raises ``StaffOnly``, ``InvalidInput`` (reason)."""
    require_staff(cmd.actor, "admin")
    state = changed(cmd, clock.now())
    switchboard.save(state)
    return state


# A command type's switch, alone or with which of its commands it covers (Instant Book: switching it on only).
Guarded = Flag | tuple[Flag, Callable[[Any], bool]]


class CommandGuard:
    """The command bus's guard: a command whose type a switch covers is refused while that switch is off."""

    def __init__(self, switchboard: Switchboard, switches: Mapping[type, Guarded]) -> None:
        self._switchboard, self._switches = switchboard, dict(switches)

    def __call__(self, command: object) -> None:
        guarded = self._switches.get(type(command))
        if guarded is None:
            return
        flag, covers = guarded if isinstance(guarded, tuple) else (guarded, None)
        if covers is None or covers(command):
            self._switchboard.require_on(flag)


def flags_shown_to(actor: Actor, switchboard: Switchboard) -> list[FlagState]:
    """Every switch's state, for staff (any staff role) and the operator. Raises ``StaffOnly``."""
    require_staff(actor)
    return list(switchboard.states().values())

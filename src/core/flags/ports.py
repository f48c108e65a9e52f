"""What the flags context needs from the outside: where switch states, their history and their audit are kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.flags.model import Flag, FlagState


class FlagStore(Protocol):
    """Switch states, and every change to them (append-only)."""

    def states(self) -> dict[Flag, FlagState]:
        """The switches operators have set (a switch never set is absent: it is on)."""
        ...

    def save(self, state: FlagState) -> None:
        """Keep ``state`` as its switch's current state, append it to the history, and append
        ``audit_record(<the state it replaces>, state)`` to the hash-chained audit log: all three or none."""
        ...

    def history(self, limit: int) -> Sequence[FlagState]:
        """The last ``limit`` changes, newest first."""
        ...

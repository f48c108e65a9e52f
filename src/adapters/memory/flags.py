"""``FlagStore`` in memory, for unit tests and the in-process service."""

from __future__ import annotations

from collections.abc import Sequence

from core.flags.model import Flag, FlagState


class InMemoryFlagStore:
    def __init__(self) -> None:
        self._states: dict[Flag, FlagState] = {}
        self._history: list[FlagState] = []

    def states(self) -> dict[Flag, FlagState]:
        return dict(self._states)

    def save(self, state: FlagState) -> None:
        self._states[state.flag] = state
        self._history.append(state)

    def history(self, limit: int) -> Sequence[FlagState]:
        return list(reversed(self._history))[:limit]

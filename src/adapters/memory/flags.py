"""``FlagStore`` in memory, for unit tests and the in-process service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.memory.identity import InMemoryAuditLog
from core.flags.model import Flag, FlagState, audit_record


class InMemoryFlagStore:
    def __init__(self, audit: InMemoryAuditLog | None = None) -> None:
        self._states: dict[Flag, FlagState] = {}
        self._history: list[FlagState] = []
        tables: dict[str, dict[Any, Any]] = {}  # alone (unit tests): an audit log of its own
        self.audit = audit or InMemoryAuditLog(lambda name: tables.setdefault(name, {}))

    def states(self) -> dict[Flag, FlagState]:
        return dict(self._states)

    def save(self, state: FlagState) -> None:
        self.audit.append(audit_record(self._states.get(state.flag), state))
        self._states[state.flag] = state
        self._history.append(state)

    def history(self, limit: int) -> Sequence[FlagState]:
        return list(reversed(self._history))[:limit]

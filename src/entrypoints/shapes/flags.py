"""Kill switches as both edges show them (``rastup flags``, ``/api/ops/flags``)."""

from __future__ import annotations

import attrs

from core.flags.model import EFFECTS, FlagState
from entrypoints.shapes.bounds import Reason


@attrs.frozen
class FlagOut:
    name: str
    on: bool
    when_off: str  # what switching it off does
    reason: str
    changed_by: str
    changed_at: str | None

    @classmethod
    def of(cls, state: FlagState) -> FlagOut:
        at = None if state.changed_at is None else state.changed_at.isoformat()
        return cls(state.flag.value, state.on, EFFECTS[state.flag], state.reason, state.changed_by, at)


@attrs.frozen
class FlagIn:
    on: bool
    reason: Reason

"""The transition table, as data: (from_state, command, actor, guard, to_state), and its diagram."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol

import attrs

from core.booking.commands import (
    AcceptBooking,
    BookingCommand,
    CancelBooking,
    CompleteBooking,
    ConfirmBooking,
    DeclineBooking,
    ExpireHold,
    ExpireRequest,
    RequestBooking,
)
from core.booking.errors import GuardRejected, IllegalTransition
from core.booking.states import ActorKind, BookingState


class Guarded(Protocol):
    """What a guard reads of a booking: its deadlines and end (the aggregate satisfies it structurally)."""

    @property
    def respond_by(self) -> datetime | None: ...
    @property
    def hold_expires_at(self) -> datetime | None: ...
    @property
    def end(self) -> datetime: ...


Guard = Callable[[Guarded, BookingCommand, datetime], bool]


@attrs.frozen
class Transition:
    """One row: ``actor`` may issue ``command`` in ``from_state`` (``None``: a new booking) if ``guard``."""

    from_state: BookingState | None
    command: type[BookingCommand]
    actor: ActorKind
    guard: str
    to_state: BookingState


def _instant(_b: Guarded, command: BookingCommand, _now: datetime) -> bool:
    return isinstance(command, RequestBooking) and command.instant_book


GUARDS: Mapping[str, Guard] = {
    "always": lambda _b, _c, _now: True,
    "instant_book": _instant,
    "needs_provider_accept": lambda b, c, now: not _instant(b, c, now),
    "before_response_deadline": lambda b, _c, now: b.respond_by is not None and now < b.respond_by,
    "response_deadline_passed": lambda b, _c, now: b.respond_by is not None and now >= b.respond_by,
    "hold_is_live": lambda b, _c, now: b.hold_expires_at is not None and now < b.hold_expires_at,
    "hold_deadline_passed": lambda b, _c, now: b.hold_expires_at is not None and now >= b.hold_expires_at,
    "before_end": lambda b, _c, now: now < b.end,
    "session_ended": lambda b, _c, now: now >= b.end,
}

S, A = BookingState, ActorKind
TRANSITIONS: tuple[Transition, ...] = (
    Transition(None, RequestBooking, A.CLIENT, "needs_provider_accept", S.REQUESTED),
    Transition(None, RequestBooking, A.CLIENT, "instant_book", S.HELD),
    Transition(S.REQUESTED, AcceptBooking, A.PROVIDER, "before_response_deadline", S.HELD),
    Transition(S.REQUESTED, DeclineBooking, A.PROVIDER, "always", S.DECLINED),
    Transition(S.REQUESTED, ExpireRequest, A.SYSTEM, "response_deadline_passed", S.EXPIRED),
    Transition(S.REQUESTED, CancelBooking, A.CLIENT, "always", S.CANCELLED),
    Transition(S.REQUESTED, CancelBooking, A.STAFF, "always", S.CANCELLED),
    Transition(S.HELD, ConfirmBooking, A.CLIENT, "hold_is_live", S.CONFIRMED),
    Transition(S.HELD, ExpireHold, A.SYSTEM, "hold_deadline_passed", S.EXPIRED),
    Transition(S.HELD, CancelBooking, A.CLIENT, "always", S.CANCELLED),
    Transition(S.HELD, CancelBooking, A.PROVIDER, "always", S.CANCELLED),
    Transition(S.HELD, CancelBooking, A.STAFF, "always", S.CANCELLED),
    Transition(S.CONFIRMED, CancelBooking, A.CLIENT, "before_end", S.CANCELLED),
    Transition(S.CONFIRMED, CancelBooking, A.PROVIDER, "before_end", S.CANCELLED),
    Transition(S.CONFIRMED, CancelBooking, A.STAFF, "always", S.CANCELLED),
    Transition(S.CONFIRMED, CompleteBooking, A.PROVIDER, "session_ended", S.COMPLETED),
    Transition(S.CONFIRMED, CompleteBooking, A.STAFF, "session_ended", S.COMPLETED),
    Transition(S.CONFIRMED, CompleteBooking, A.SYSTEM, "session_ended", S.COMPLETED),
)
COMMANDS: tuple[type[BookingCommand], ...] = tuple(dict.fromkeys(row.command for row in TRANSITIONS))


def rows_for(state: BookingState | None, command: type[BookingCommand], actor: ActorKind) -> list[Transition]:
    """The rows that let ``actor`` issue ``command`` in ``state``, in table order (maybe none)."""
    return [r for r in TRANSITIONS if r.from_state == state and r.command is command and r.actor is actor]


def select_transition(
    booking: Guarded, state: BookingState | None, command: BookingCommand, actor: ActorKind, now: datetime
) -> Transition:
    """The first row letting ``actor`` (the role the command is applied by) issue ``command`` now whose guard
    holds. Raises ``IllegalTransition`` or ``GuardRejected``."""
    name = type(command).__name__
    rows = rows_for(state, type(command), actor)
    if not rows:
        raise IllegalTransition(state, name, actor)
    for row in rows:
        if GUARDS[row.guard](booking, command, now):
            return row
    raise GuardRejected(state, name, actor, tuple(row.guard for row in rows))


def render_mermaid(rows: tuple[Transition, ...] = TRANSITIONS) -> str:
    """The table as a Mermaid ``stateDiagram-v2``; terminal states lead to the final pseudo-state."""
    lines = ["stateDiagram-v2"]
    for row in rows:
        source = "[*]" if row.from_state is None else row.from_state.value
        guard = "" if row.guard == "always" else f" when {row.guard}"
        lines.append(f"    {source} --> {row.to_state.value} : {row.command.__name__} by {row.actor.value}{guard}")
    sources = {row.from_state for row in rows}
    for state in dict.fromkeys(row.to_state for row in rows):
        if state not in sources:
            lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"

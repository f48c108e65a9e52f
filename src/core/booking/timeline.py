"""The order timeline: after every transition, an action card says who must do what next, by when."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.states import ActorKind, BookingState


@attrs.frozen
class ActionCard:
    """``actor`` must ``action`` by ``due_by``; a card with no actor means nothing is awaited."""

    state: BookingState
    actor: ActorKind | None
    action: str
    due_by: datetime | None
    issued_at: datetime

    def render(self) -> str:
        """A short line for the timeline, e.g. ``provider: accept or decline by 2025-03-01T18:00:00+00:00``"""
        if self.actor is None:
            return self.action
        deadline = f" by {self.due_by.isoformat()}" if self.due_by else ""
        return f"{self.actor.value}: {self.action}{deadline}"


def next_action(
    state: BookingState,
    issued_at: datetime,
    *,
    respond_by: datetime | None,
    hold_expires_at: datetime | None,
    end: datetime,
) -> ActionCard:
    """The card for a booking that has just entered ``state``."""
    match state:
        case BookingState.REQUESTED:
            return ActionCard(state, ActorKind.PROVIDER, "accept or decline", respond_by, issued_at)
        case BookingState.HELD:
            return ActionCard(state, ActorKind.CLIENT, "complete payment", hold_expires_at, issued_at)
        case BookingState.CONFIRMED:
            return ActionCard(state, ActorKind.PROVIDER, "deliver the session, then mark it complete", end, issued_at)
        case _:
            return ActionCard(state, None, f"nothing further: the booking is {state.value}", None, issued_at)

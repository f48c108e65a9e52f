"""The states a booking passes through, and the kinds of actor that move it."""

from __future__ import annotations

from enum import StrEnum

import attrs


class BookingState(StrEnum):
    """Lifecycle states. ``held`` and ``confirmed`` occupy the provider's and the studio's time."""

    REQUESTED = "requested"
    HELD = "held"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


BLOCKING_STATES = frozenset({BookingState.HELD, BookingState.CONFIRMED})
TERMINAL_STATES = frozenset(
    {BookingState.COMPLETED, BookingState.DECLINED, BookingState.EXPIRED, BookingState.CANCELLED}
)


class ActorKind(StrEnum):
    """Who issues a command: the booking's client or provider, platform staff, or the system itself."""

    CLIENT = "client"
    PROVIDER = "provider"
    STAFF = "staff"
    SYSTEM = "system"


@attrs.frozen
class ActorRef:
    """A specific actor: its kind and its id (``"system"`` for the system's own sweeps)."""

    kind: ActorKind
    id: str

    @classmethod
    def system(cls) -> ActorRef:
        return cls(ActorKind.SYSTEM, "system")

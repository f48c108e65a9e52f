"""Domain events: aggregates record them, units of work hand them to the message bus (``core.shared.messagebus``)."""

from __future__ import annotations

import attrs


@attrs.frozen
class Event:
    """Base of all domain events: something that happened, named in the past tense."""

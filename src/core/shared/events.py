"""Domain events and the tiny in-process bus that hands them to their handlers after a commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import attrs


@attrs.frozen
class Event:
    """Base of all domain events: something that happened, named in the past tense."""


Handler = Callable[[Any], None]


class EventBus:
    """Dispatches events to the handlers subscribed to their exact type, in subscription order.

    Events are published only after their unit of work committed, so a handler never sees a change
    that was rolled back. A failing handler propagates: callers decide whether to retry.
    """

    def __init__(self) -> None:
        self._handlers: dict[type[Event], list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type[Event], handler: Handler) -> None:
        self._handlers[event_type].append(handler)

    def publish(self, events: Iterable[Event]) -> None:
        for event in events:
            for handler in self._handlers.get(type(event), ()):
                handler(event)

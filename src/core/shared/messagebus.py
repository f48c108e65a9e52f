"""The message bus: after a unit of work commits, each event it recorded goes to the handlers registered for it.

Contexts register their handlers in ``core/<context>/on_events.py``; the composition root only joins the maps.
Events are handed over once their unit has committed, so a handler never sees a change that was rolled back.
This is the in-process path (at most once): work that must survive a crash goes through the outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from core.shared.events import Event

EventHandler = Callable[[Any], None]
Handlers = Mapping[type[Event], Sequence[EventHandler]]
FailureReport = Callable[[Event, str, Exception], None]


def joined(*maps: Handlers) -> dict[type[Event], list[EventHandler]]:
    """One handler map from several contexts' maps; for one event type, handlers run in the order given."""
    merged: dict[type[Event], list[EventHandler]] = {}
    for handlers in maps:
        for event_type, found in handlers.items():
            merged.setdefault(event_type, []).extend(found)
    return merged


@attrs.define
class MessageBus:
    """Dispatches committed events to the handlers of their type and of every event type it derives from.

    A failing handler is reported to ``on_failure`` (the composition root logs it) and does not stop the
    others: the command that recorded the event has committed, and its answer stands.
    """

    handlers: Handlers
    on_failure: FailureReport

    def dispatch(self, events: Iterable[Event]) -> None:
        for event in events:
            for handler in self.handlers_of(type(event)):
                try:
                    handler(event)
                except Exception as error:  # reported; the other handlers still run
                    self.on_failure(event, getattr(handler, "__qualname__", repr(handler)), error)

    def handlers_of(self, event_type: type[Event]) -> list[EventHandler]:
        """The handlers for ``event_type``: its own first, then those of the event types it derives from."""
        return [h for kind in event_type.__mro__ if issubclass(kind, Event) for h in self.handlers.get(kind, ())]

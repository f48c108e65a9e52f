"""The message bus: after a unit of work commits, each event it recorded goes to the handlers registered for it.

Contexts register their handlers in ``core/<context>/on_events.py``; the composition root only joins the maps.
Events are handed over once their unit has committed, so a handler never sees a change that was rolled back.
This is the in-process path (at most once): work that must survive a crash goes through the outbox, whose
messages the bus hands to the relay's fast path (``deliver_now``) in the same call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from core.shared.events import Event
from core.shared.outbox import OutboxMessage, delivered_after_answer

EventHandler = Callable[[Any], object]  # what it returns (what it did) goes to ``on_handled``, for the log
Handlers = Mapping[type[Event], Sequence[EventHandler]]
FailureReport = Callable[[Event, str, Exception], None]
HandledReport = Callable[[Event, str, object], None]


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
    on_handled: HandledReport = lambda _event, _name, _done: None
    deliver_now: Callable[[Sequence[OutboxMessage]], object] = lambda _messages: None

    def dispatch(self, events: Iterable[Event]) -> None:
        for event in events:
            for handler in self.handlers_of(type(event)):
                name = getattr(handler, "__qualname__", repr(handler))
                try:
                    done = handler(event)
                except Exception as error:  # reported; the other handlers still run
                    self.on_failure(event, name, error)
                else:
                    self.on_handled(event, name, done)

    def after_commit(self, events: Sequence[Event], outbound: Sequence[OutboxMessage]) -> None:
        """A unit of work's ``AfterCommit``: its events to their handlers, then its outbound messages to their
        consumers at once (``deliver_now``: the relay delivers whatever fails there, or is lost to a crash),
        except those that wait until the edge has answered (``outbound(..., after_answer=True)``): the edge
        hands them to the relay once it has answered."""
        self.dispatch(events)
        if now := [message for message in outbound if not delivered_after_answer(message)]:
            self.deliver_now(now)

    def handlers_of(self, event_type: type[Event]) -> list[EventHandler]:
        """The handlers for ``event_type``: its own first, then those of the event types it derives from."""
        return [h for kind in event_type.__mro__ if issubclass(kind, Event) for h in self.handlers.get(kind, ())]

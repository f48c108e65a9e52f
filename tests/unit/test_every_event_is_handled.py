"""Every event a context records is handled: by an in-process handler of the message bus, or, when it is
outbound, by a consumer of its topic on the relay. An event nobody handles is either a missing handler or an
event to delete (issue 11)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import core
from config.container import build_container
from config.settings import Settings
from core.shared.events import Event
from core.shared.outbox import outbound_types, topic_of_type


def _recorded() -> set[type[Event]]:
    for module in pkgutil.walk_packages(core.__path__, "core."):
        importlib.import_module(module.name)
    found, pending = set(), list(Event.__subclasses__())
    while pending:
        kind = pending.pop()
        found.add(kind)
        pending.extend(kind.__subclasses__())
    return {kind for kind in found if kind.__module__.startswith("core.")}


def test_every_recorded_event_has_a_handler_or_a_consumer(tmp_path: Path) -> None:
    container = build_container(Settings(database_url=f"sqlite:///{tmp_path / 'events.db'}"))
    handled = set(container.message_bus().handlers)
    consumed = container.relay().topics
    outbound = {kind for kind in outbound_types().values() if kind.__module__.startswith("core.")}
    unhandled = sorted(
        f"{kind.__module__}.{kind.__name__}"
        for kind in _recorded()
        if not any(issubclass(kind, h) for h in handled) and not (kind in outbound and topic_of_type(kind) in consumed)
    )
    assert unhandled == []
    assert {topic_of_type(kind) for kind in outbound} <= consumed  # no outbound topic would end as a dead letter

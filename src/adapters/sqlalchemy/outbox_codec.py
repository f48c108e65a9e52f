"""Outbound events <-> JSON for the outbox table, with a private cattrs converter.

A row names its event by topic (``@outbound``), never by Python path. Instants are aware UTC ISO 8601;
``Money`` is ``{"amount", "currency"}``; enums are their values; tuples are lists.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import cattrs

from core.shared.events import Event
from core.shared.outbox import outbound_types, topic_of

_converter = cattrs.Converter(forbid_extra_keys=True)
_converter.register_unstructure_hook(datetime, lambda value: value.astimezone(UTC).isoformat())
_converter.register_unstructure_hook(date, lambda value: value.isoformat())
_converter.register_structure_hook(date, lambda value, _type: date.fromisoformat(value))


def _instant(value: str, _type: type) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"naive instant {value!r} in an outbox payload")
    return parsed.astimezone(UTC)


_converter.register_structure_hook(datetime, _instant)


def encode(event: Event) -> tuple[str, str]:
    """(topic, JSON payload) of an outbound event. Raises ``ValueError`` for an event that stays in-process."""
    topic = topic_of(event)
    if topic is None:
        raise ValueError(f"{type(event).__name__} is not an outbound event")
    return topic, json.dumps(_converter.unstructure(event), sort_keys=True, separators=(",", ":"))


def decode(topic: str, payload: str) -> Event:
    """The event back. Raises ``ValueError`` for an unknown topic or a payload its class cannot take."""
    event_type = outbound_types().get(topic)
    if event_type is None:
        raise ValueError(f"unknown outbox topic {topic!r}")
    try:
        return _converter.structure(json.loads(payload), event_type)
    except (cattrs.BaseValidationError, json.JSONDecodeError, TypeError, KeyError) as error:
        raise ValueError(f"unreadable {topic!r} payload") from error

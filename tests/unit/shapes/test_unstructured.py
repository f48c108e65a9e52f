"""Answers as JSON-ready data: the edges' converter unstructures domain values and output shapes alike."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from enum import Enum

import attrs

from core.booking.states import BookingState
from core.shared.money import Money
from entrypoints.shapes.converter import unstructured


class Colour(Enum):
    RED = "red"


@attrs.frozen
class Inner:
    at: datetime
    colours: tuple[Colour, ...]


@attrs.frozen
class Outer:
    price: Money
    wait: timedelta
    inner: Inner
    items: tuple[Inner, ...]
    tags: frozenset[str] = frozenset()
    on: date | None = None


def test_attrs_values_become_plain_json() -> None:
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    inner = Inner(at, (Colour.RED,))
    value = unstructured(Outer(Money(1999, "USD"), timedelta(minutes=2), inner, (inner,), frozenset({"a"}),
                               date(2026, 11, 24)))  # fmt: skip
    expected_inner = {"at": "2026-11-23T12:00:00+00:00", "colours": ["red"]}
    assert value == {"price": {"amount": 1999, "currency": "USD"}, "wait": 120.0, "inner": expected_inner,
                     "items": [expected_inner], "tags": ["a"], "on": "2026-11-24"}  # fmt: skip
    assert json.loads(json.dumps(value)) == value  # nothing JSON cannot carry


def test_containers_are_unstructured_by_what_they_hold() -> None:
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert unstructured([Colour.RED, at]) == ["red", "2026-11-23T12:00:00+00:00"] and unstructured(None) is None
    held = unstructured(BookingState.HELD)  # a ``str`` subclass, still its plain value
    assert held == "held" and type(held) is str
    export = {"profiles": [{"id": "prf_1", "price": Money(5, "EUR"), "cards": (Inner(at, ()),)}]}  # the core's export
    assert unstructured(export) == {
        "profiles": [
            {
                "id": "prf_1",
                "price": {"amount": 5, "currency": "EUR"},
                "cards": [{"at": "2026-11-23T12:00:00+00:00", "colours": []}],
            }
        ]
    }

"""Domain values as JSON-ready data for exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from enum import Enum

import attrs

from core.shared.money import Money
from core.shared.plain import plain


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


def test_attrs_values_become_plain_json() -> None:
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    inner = Inner(at, (Colour.RED,))
    value = plain(Outer(Money(1999, "USD"), timedelta(minutes=2), inner, (inner,)))
    expected_inner = {"at": "2026-11-23T12:00:00+00:00", "colours": ["red"]}
    assert value == {"price": {"amount": 1999, "currency": "USD"}, "wait": 120.0, "inner": expected_inner,
                     "items": [expected_inner]}  # fmt: skip
    assert json.loads(json.dumps(value)) == value  # nothing JSON cannot carry
    assert plain([Colour.RED, at]) == ["red", "2026-11-23T12:00:00+00:00"] and plain(None) is None

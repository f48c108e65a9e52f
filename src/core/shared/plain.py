"""Domain values as plain JSON-ready data (for data exports): attrs classes become dicts, and the rest follows."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import Any

import attrs


def _value(_instance: object, _field: object, value: Any) -> Any:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    return value


def plain(value: Any) -> Any:
    """``value`` (an attrs instance, or a list of them) as dicts, lists, strings and numbers.

    Dates and datetimes become ISO 8601 strings, durations seconds, enums their values, tuples lists."""
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if attrs.has(type(value)):
        return plain(attrs.asdict(value, value_serializer=_value))
    return _value(None, None, value)

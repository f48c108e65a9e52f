"""The bounded-input policy of the edges: JSON nesting depth, integer, float and string ranges, instants and dates.

Every scalar a body carries has a range. Unannotated fields get the defaults (``INT``, ``FLOAT_LIMIT``, ``LINE``);
a field with a tighter domain range says so with ``Annotated[int, Range(...)]`` or ``Annotated[str, Text(...)]``
(the aliases below name the common kinds). The strict converter in ``converter.py`` applies them; the CLI calls
``checked_text`` on its free arguments. Instants and dates outside ``EARLIEST..LATEST`` are refused before any
arithmetic can overflow on them.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from itertools import accumulate
from typing import Annotated

import attrs

from core.shared.errors import InvalidInput
from core.shared.text import refusal

MAX_DEPTH = 32  # the deepest legitimate body nests 5 levels; Python's decoder recurses ~1000 levels before failing
SAFE_INTEGER = 2**53  # beyond it JSON parsers (JavaScript's) lose precision; far inside SQL's signed 64-bit
FLOAT_LIMIT = 1e15  # finite, and no float field (coordinates, scores) means anything larger
MAX_QUERY_VALUE = 2000  # characters of the path or of one query value
EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


@attrs.frozen
class Range:
    """An integer field's closed range: ``Annotated[int, Range(0, 10_000)]``."""

    ge: int
    le: int


@attrs.frozen
class Text:
    """A string field's longest length in characters; ``multiline`` keeps tab and line breaks (free text)."""

    max_length: int
    multiline: bool = False


INT = Range(-SAFE_INTEGER, SAFE_INTEGER)
LINE = Text(500)  # names, identifiers, codes, currencies, slugs, labels: one line, no controls, no bidi overrides

MAX_AMOUNT = 10**10  # minor units: 100,000,000.00 in a two-decimal currency
Amount = Annotated[int, Range(0, MAX_AMOUNT)]
MAX_VERSION = 2**31 - 1  # the version columns are 32-bit on PostgreSQL
Version = Annotated[int, Range(0, MAX_VERSION)]
MAX_MINUTES = 7 * 24 * 60  # durations a profile or service offers: up to a week
Minutes = Annotated[int, Range(0, MAX_MINUTES)]
BasisPoints = Annotated[int, Range(0, 10_000)]
Pixels = Annotated[int, Range(0, 100_000)]
Bytes = Annotated[int, Range(0, 2**40)]  # declared upload sizes: the media cap (413) speaks below this
Position = Annotated[int, Range(0, 10_000)]
Email = Annotated[str, Text(254)]  # RFC 5321's longest path
Url = Annotated[str, Text(2048)]
Secret = Annotated[str, Text(1024)]  # passwords (the policy refuses > 128 with its own reason), codes, captcha
Token = Annotated[str, Text(16_384)]  # signed tokens from third parties: OIDC ID tokens, CAPTCHA answers
REASON = Text(2000, multiline=True)  # a decline, cancellation or review reason
Reason = Annotated[str, REASON]
Prose = Annotated[str, Text(10_000, multiline=True)]  # a bio (the profile allows 5,000)


def checked_int(value: int, bound: Range = INT) -> int:
    if not bound.ge <= value <= bound.le:
        raise ValueError(f"must be between {bound.ge} and {bound.le}")
    return value


def checked_float(value: float) -> float:
    if not math.isfinite(value) or abs(value) > FLOAT_LIMIT:
        raise ValueError(f"must be a finite number between {-FLOAT_LIMIT:g} and {FLOAT_LIMIT:g}")
    return float(value)


def checked_text(value: str, bound: Text = LINE) -> str:
    """``value`` if it fits ``bound``; else ``ValueError`` with a reason that never repeats the value."""
    if len(value) > bound.max_length:
        raise ValueError(f"at most {bound.max_length} characters")
    reason = refusal(value, multiline=bound.multiline)
    if reason is not None:
        raise ValueError(reason)
    return value


def bounded_text(field: str, value: str, bound: Text = LINE) -> str:
    """``checked_text`` for the CLI and routes: ``InvalidInput`` naming ``field``."""
    try:
        return checked_text(value, bound)
    except ValueError as error:
        raise InvalidInput(field, str(error)) from None


def bounded_instant(field: str, value: str) -> datetime:
    """An ISO 8601 instant with an offset (``Z`` included), as aware UTC within ``EARLIEST..LATEST``."""
    try:
        parsed = datetime.fromisoformat(checked_text(value, Text(64)))
    except ValueError:
        raise InvalidInput(field, "must be an ISO 8601 instant such as 2026-12-01T17:00:00Z") from None
    if parsed.tzinfo is None:
        raise InvalidInput(field, "must carry an offset (Z or +hh:mm)")
    if not EARLIEST.year < parsed.year < LATEST.year:  # checked before any offset or arithmetic can overflow
        raise InvalidInput(field, f"must lie between {EARLIEST.year + 1} and {LATEST.year - 1}")
    return parsed.astimezone(UTC)


def bounded_date(field: str, value: str) -> date:
    """A date ``YYYY-MM-DD`` within the years ``bounded_instant`` accepts."""
    try:
        parsed = date.fromisoformat(checked_text(value, Text(32)))
    except ValueError:
        raise InvalidInput(field, "must be a date YYYY-MM-DD") from None
    if not EARLIEST.year < parsed.year < LATEST.year:
        raise InvalidInput(field, f"must lie between {EARLIEST.year + 1} and {LATEST.year - 1}")
    return parsed


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_STEP = [1 if byte in b"[{" else -1 for byte in range(256)]  # only brackets are left to step through


def nesting_depth(raw: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in the JSON text ``raw`` (brackets inside strings ignored), at most
    ``limit + 1``: the highest count of brackets open at once, an upper bound of the decoder's recursion (it
    stops at the first mismatch) found by C-level iteration, about 35 ms for a megabyte of brackets."""
    skeleton = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return min(max(accumulate(map(_STEP.__getitem__, skeleton), initial=0)), limit + 1)

"""Cursors are opaque and signed: tampered, foreign or replayed on another query, they are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.search.cursor import PagePosition, decode_cursor, encode_cursor
from core.search.errors import InvalidCursor

KEY = b"k" * 32
AT = datetime(2026, 12, 3, 9, 0, 0, 123000, tzinfo=UTC)


def test_a_cursor_round_trips() -> None:
    cursor = encode_cursor(PagePosition(48, AT), "query", KEY)
    assert decode_cursor(cursor, "query", KEY) == PagePosition(48, AT)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),
        lambda c: "x" + c,
        lambda c: c.split(".")[0],
        lambda c: "not-a-cursor",
        lambda c: c * 20,
    ],
)
def test_a_tampered_cursor_is_refused(mangle: object) -> None:
    cursor = encode_cursor(PagePosition(24, AT), "query", KEY)
    with pytest.raises(InvalidCursor):
        decode_cursor(mangle(cursor), "query", KEY)  # type: ignore[operator]  # the parametrized lambdas


def test_a_cursor_of_another_query_or_key_is_refused() -> None:
    cursor = encode_cursor(PagePosition(24, AT), "query", KEY)
    with pytest.raises(InvalidCursor, match="another query"):
        decode_cursor(cursor, "other query", KEY)
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, "query", b"o" * 32)

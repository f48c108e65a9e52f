"""The bounded-input policy's parts: the depth scanner, the scalar ranges, the text rule, instants, field names."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.shared.errors import InvalidInput
from core.shared.text import forbidden_character
from entrypoints.http.bodies import body_names, is_json
from entrypoints.shapes.bounds import (
    EARLIEST,
    LATEST,
    MAX_DEPTH,
    MAX_VERSION,
    bounded_date,
    bounded_instant,
    checked_text,
    nesting_depth,
)
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed, structure_body
from entrypoints.shapes.onboarding import VersionIn
from entrypoints.shapes.profile_details import GeoIo

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\x'), inner, max_size=3),
    max_leaves=30,
)


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


@given(JSON)
def test_the_scanner_counts_what_the_decoder_would_recurse_on(value: Any) -> None:
    # strings full of brackets, quotes and backslashes never count; only real arrays and objects do
    assert nesting_depth(json.dumps(value).encode()) == min(depth_of(value), MAX_DEPTH + 1)


@given(st.integers(min_value=0, max_value=3 * MAX_DEPTH))
def test_the_scanner_stops_one_past_the_limit(depth: int) -> None:
    raw = b'{"a":' * depth + b"1" + b"}" * depth
    assert nesting_depth(raw) == min(depth, MAX_DEPTH + 1)


def test_a_megabyte_of_brackets_is_scanned_quickly_and_never_recursed() -> None:
    started = time.process_time()  # this process's CPU: a loaded machine's waiting is not the scanner's cost
    assert nesting_depth(b"[" * 500_000 + b"]" * 500_000) == MAX_DEPTH + 1
    assert nesting_depth(b"[]" * 500_000) == 1
    assert nesting_depth(b"[" * 1_000_000) == MAX_DEPTH + 1  # never closed: the decoder would still recurse
    assert time.process_time() - started < 1.0  # a generous ceiling; a per-byte Python loop would take seconds
    with pytest.raises(BodyMalformed) as deep:
        structure_body(b"[" * 100_000, VersionIn)
    assert deep.value.code == "json-too-deep"


def test_mismatched_brackets_are_left_to_the_decoder() -> None:
    assert nesting_depth(b"[}") == 1 and nesting_depth(b"]]]]") == 0
    with pytest.raises(BodyMalformed) as malformed:
        structure_body(b'{"version": [}', VersionIn)
    assert malformed.value.code == "malformed-json"


@given(st.integers())
def test_a_version_is_accepted_exactly_within_its_range(version: int) -> None:
    raw = json.dumps({"version": version}).encode()
    if 0 <= version <= MAX_VERSION:
        assert structure_body(raw, VersionIn) == VersionIn(version)
    else:
        with pytest.raises(BodyInvalid) as refused:
            structure_body(raw, VersionIn)
        assert refused.value.errors[0]["field"] == "version"


@given(st.floats(allow_nan=False) | st.integers(min_value=-(10**20), max_value=10**20))
def test_floats_are_finite_and_bounded(lat: float) -> None:
    raw = json.dumps({"lat": lat, "lon": 0}).replace("Infinity", "1e999").encode()
    if abs(lat) <= 1e15:
        assert structure_body(raw, GeoIo).lat == lat
    else:
        with pytest.raises(BodyInvalid) as refused:
            structure_body(raw, GeoIo)
        assert refused.value.errors[0]["field"] == "lat"


FORBIDDEN = st.sampled_from([chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0xD800, *range(0x202A, 0x202F),
                                              *range(0x2066, 0x206A)]])  # fmt: skip


@given(st.text(max_size=20), FORBIDDEN, st.text(max_size=20))
def test_a_forbidden_character_anywhere_is_refused(before: str, bad: str, after: str) -> None:
    text = before + bad + after
    assert forbidden_character(text) is not None
    with pytest.raises(ValueError, match="control or bidi"):
        checked_text(text)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u202a\u202b\u202c\u202d\u202e"
                             "\u2066\u2067\u2068\u2069"), max_size=500))  # fmt: skip
def test_everything_else_passes_up_to_the_length(text: str) -> None:
    assert checked_text(text) == text


def test_free_text_keeps_tabs_and_line_breaks_only() -> None:
    assert forbidden_character("a\tb\r\nc", multiline=True) is None
    assert forbidden_character("a\x0bb", multiline=True) == "U+000B"
    assert forbidden_character("a\nb") == "U+000A"


@given(st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])))
def test_any_instant_is_accepted_in_range_or_refused_naming_the_field(moment: datetime) -> None:
    try:
        parsed = bounded_instant("startTs", moment.isoformat())
    except InvalidInput as refused:
        assert refused.field == "startTs" and not EARLIEST.year < moment.year < LATEST.year
    else:
        assert parsed == moment and parsed.tzinfo is UTC
        assert parsed + timedelta(days=3650) > parsed  # room for every later computation


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2026-12-01T10:00"])
def test_extreme_or_naive_instants_are_refused(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        bounded_instant("endTs", value)
    assert refused.value.field == "endTs"


def test_dates_share_the_years() -> None:
    assert bounded_date("from", "2026-12-01").year == 2026
    for value in ("0001-01-01", "9999-12-31", "2026-13-01", "x" * 1000):
        with pytest.raises(InvalidInput):
            bounded_date("from", value)


@pytest.mark.parametrize(("media_type", "json_like"), [("application/json", True), ("application/vnd.x+json", True),
                                                       (" Application/JSON ", True), ("text/plain", False),
                                                       ("application/x-www-form-urlencoded", False), ("", False),
                                                       ("text/json", False), ("application/jsonp", False)])  # fmt: skip
def test_what_counts_as_json(media_type: str, json_like: bool) -> None:
    assert is_json(media_type) is json_like


def test_core_field_names_become_the_body_names() -> None:
    names = {"items": "extras", "start": "startTs", "override.refund_bps": "refundBps"}
    for raised, reported in (("items[2]", "extras[2]"), ("start", "startTs"), ("override.refund_bps", "refundBps"),
                             ("currency", "currency")):  # fmt: skip
        with pytest.raises(InvalidInput) as renamed, body_names(names):
            raise InvalidInput(raised, "why")
        assert (renamed.value.field, renamed.value.reason) == (reported, "why")

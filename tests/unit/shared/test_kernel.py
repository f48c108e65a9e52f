"""The shared kernel's small parts: idempotency decisions, pending events and their hand-over, errors."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from adapters.system.clock import SystemClock, UlidIds
from core.shared.errors import IdempotencyKeyReused, InvalidInput, VersionConflict
from core.shared.events import Event
from core.shared.idempotency import IdempotencyRecord, fingerprint, replay, validate_key
from core.shared.outbox import OutboxMessage
from core.shared.unit_of_work import PendingEvents

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@attrs.frozen
class Happened(Event):
    n: int


def test_fingerprint_ignores_key_order_but_not_values() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_replay_returns_the_first_result_or_refuses_a_different_body() -> None:
    record = IdempotencyRecord("scope", "k1", fingerprint({"a": 1}), {"id": "x"}, NOW)
    assert replay(None, "scope", "k1", fingerprint({"a": 1})) is None
    assert replay(record, "scope", "k1", fingerprint({"a": 1})) == {"id": "x"}
    with pytest.raises(IdempotencyKeyReused):
        replay(record, "scope", "k1", fingerprint({"a": 2}))


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\there"])
def test_unusable_idempotency_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInput):
        validate_key(key)


def test_committed_events_are_handed_over_once_and_kept_when_nobody_takes_them() -> None:
    handed: list[tuple[list[Event], list[OutboxMessage]]] = []
    pending = PendingEvents()
    pending.record(Happened(1))
    pending.committed()
    pending.hand_over(None)  # no bus: kept for collect()
    pending.hand_over(lambda events, outbound: handed.append((list(events), list(outbound))))
    pending.hand_over(lambda events, outbound: handed.append((list(events), list(outbound))))  # nothing new
    assert handed == [([Happened(1)], [])]
    pending.record(Happened(2))
    pending.committed()
    assert pending.collect() == [Happened(2)]


def test_pending_events_leave_only_with_a_commit() -> None:
    pending = PendingEvents()
    pending.record(Happened(1))
    pending.rolled_back()
    pending.record(Happened(2))
    pending.committed()
    assert pending.collect() == [Happened(2)]
    assert pending.collect() == []


def test_errors_carry_attributes_not_just_text() -> None:
    error = VersionConflict("profile", "p1", expected=1, current=3)
    assert (error.kind, error.key, error.expected, error.current) == ("profile", "p1", 1, 3)
    assert error.code == "version-conflict"


def test_system_clock_is_aware_utc_and_ulids_increase() -> None:
    assert SystemClock().now().tzinfo is UTC
    ids = UlidIds()
    made = [ids.new_id("prf") for _ in range(2000)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert all(i.startswith("prf_") and len(i) == 30 for i in made)

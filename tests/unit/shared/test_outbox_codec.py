"""The outbox's JSON codec: every outbound event round-trips; rows it cannot read are refused, not guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.sqlalchemy.outbox_codec import decode, encode
from core.identity.events import AccountDeleted
from core.shared.money import Money
from core.shared.outbox import outbound, outbound_types, topic_of_type
from tests.contracts.outbox import Noted, ThingHappened

instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))


@given(
    n=st.integers(),
    at=instants,
    amount=st.integers(min_value=-(10**12), max_value=10**12),
    tags=st.lists(st.text(max_size=8), max_size=4).map(tuple),
)
def test_an_outbound_event_round_trips(n: int, at: datetime, amount: int, tags: tuple[str, ...]) -> None:
    event = ThingHappened(n, at, Money(amount, "JPY"), tags)
    assert decode(*encode(event)) == event


def test_account_deleted_is_outbound_under_a_stable_topic_and_round_trips() -> None:
    assert topic_of_type(AccountDeleted) == "identity.account_deleted"
    assert outbound_types()["identity.account_deleted"] is AccountDeleted
    event = AccountDeleted("usr_1", datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert encode(event) == ("identity.account_deleted", '{"at":"2026-11-23T09:00:00+00:00","user_id":"usr_1"}')
    assert decode(*encode(event)) == event


def test_instants_are_stored_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    event = AccountDeleted("usr_1", datetime(2026, 11, 23, 10, tzinfo=paris))
    assert '"at":"2026-11-23T09:00:00+00:00"' in encode(event)[1]
    assert decode(*encode(event)).at.tzinfo is UTC  # type: ignore[attr-defined]  # an AccountDeleted


@pytest.mark.parametrize(
    ("topic", "payload"),
    [
        ("identity.renamed", "{}"),
        ("identity.account_deleted", '{"user_id": "usr_1", "at": "2026-11-23T09:00:00"}'),  # naive
        ("identity.account_deleted", '{"user_id": "usr_1"}'),
        ("identity.account_deleted", '{"user_id": "usr_1", "at": "2026-11-23T09:00:00Z", "extra": 1}'),
        ("identity.account_deleted", "not json"),
    ],
)
def test_unreadable_rows_are_refused(topic: str, payload: str) -> None:
    with pytest.raises(ValueError):
        decode(topic, payload)


def test_in_process_events_are_not_encoded_and_a_topic_is_taken_once() -> None:
    with pytest.raises(ValueError):
        encode(Noted(1))
    with pytest.raises(ValueError, match="taken by AccountDeleted"):
        outbound("identity.account_deleted")(Noted)

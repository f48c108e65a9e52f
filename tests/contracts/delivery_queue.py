"""The DeliveryQueue contract: the in-memory twin and the SQL queue (SQLite, PostgreSQL) must pass these."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.delivery.model import Outbound, QueueSummary
from core.delivery.ports import DeliveryQueue

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def email(n: int) -> Outbound:
    return Outbound("email", f"user{n}@example.com", f"Subject {n}", f"Your code is {100000 + n}")


class DeliveryQueueContract:
    """Subclass with a ``queue`` fixture returning a fresh, empty adapter."""

    @pytest.fixture
    def queue(self) -> DeliveryQueue:
        raise NotImplementedError

    def test_a_queued_message_comes_back_whole_on_its_first_attempt(self, queue: DeliveryQueue) -> None:
        message = Outbound("sms", "+33612345678", "", "RastUp code: 123456 — élan ✓")
        queue.put(message)
        (claimed,) = queue.claim(T0, 10, T0 + LEASE)
        assert claimed.message == message and claimed.attempt == 1

    def test_an_email_keeps_its_html_alternative(self, queue: DeliveryQueue) -> None:
        message = Outbound("email", "ann@example.com", "Booked", "Booked.", "<h1>Booked &amp; paid</h1>")
        queue.put(message)
        (claimed,) = queue.claim(T0, 10, T0 + LEASE)
        assert claimed.message == message and claimed.message.html == "<h1>Booked &amp; paid</h1>"

    def test_an_email_keeps_its_extra_headers_in_order(self, queue: DeliveryQueue) -> None:
        headers = (("List-Unsubscribe", "<https://rastup.test/u?token=a.b>"),
                   ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))  # fmt: skip
        message = Outbound("email", "ann@example.com", "Unread", "You have mail.", None, headers)
        queue.put(message)
        (claimed,) = queue.claim(T0, 10, T0 + LEASE)
        assert claimed.message == message and claimed.message.headers == headers

    def test_claims_are_oldest_first_and_limited(self, queue: DeliveryQueue) -> None:
        for n in range(5):
            queue.put(email(n))
        first = queue.claim(T0, 3, T0 + LEASE)
        rest = queue.claim(T0, 10, T0 + LEASE)
        assert [c.message.to for c in first] == [f"user{n}@example.com" for n in range(3)]
        assert [c.message.to for c in rest] == ["user3@example.com", "user4@example.com"]
        assert len({c.id for c in [*first, *rest]}) == 5

    def test_a_leased_message_is_not_claimed_again_until_its_lease_ends(self, queue: DeliveryQueue) -> None:
        queue.put(email(1))
        (first,) = queue.claim(T0, 10, T0 + LEASE)
        assert queue.claim(T0 + LEASE - timedelta(seconds=1), 10, T0 + 2 * LEASE) == []
        (again,) = queue.claim(T0 + LEASE, 10, T0 + 2 * LEASE)  # the first sender died: at least once
        assert again.id == first.id and again.attempt == 2

    def test_a_delivered_message_is_gone(self, queue: DeliveryQueue) -> None:
        queue.put(email(1))
        (claimed,) = queue.claim(T0, 10, T0 + LEASE)
        queue.delivered(claimed.id)
        assert queue.claim(T0 + 2 * LEASE, 10, T0 + 3 * LEASE) == []
        assert queue.summary(T0) == QueueSummary(due=0, backing_off=0, leased=0, dead=0)

    def test_a_retry_waits_until_it_is_due_and_counts_attempts(self, queue: DeliveryQueue) -> None:
        queue.put(email(1))
        (claimed,) = queue.claim(T0, 10, T0 + LEASE)
        queue.retry(claimed.id, T0 + timedelta(seconds=30), "smtp-421")
        assert queue.claim(T0 + timedelta(seconds=29), 10, T0 + LEASE) == []
        assert queue.summary(T0 + timedelta(seconds=29)) == QueueSummary(due=0, backing_off=1, leased=0, dead=0)
        (again,) = queue.claim(T0 + timedelta(seconds=30), 10, T0 + LEASE)
        assert again.id == claimed.id and again.attempt == 2 and again.message == email(1)

    def test_dead_letters_are_never_claimed_until_requeued(self, queue: DeliveryQueue) -> None:
        queue.put(email(1))
        queue.put(email(2))
        dead, alive = queue.claim(T0, 10, T0 + LEASE)
        queue.bury(dead.id, T0, "550 mailbox unavailable")
        queue.retry(alive.id, T0, "timeout")
        assert queue.summary(T0) == QueueSummary(due=1, backing_off=0, leased=0, dead=1)
        day = T0 + timedelta(days=1)
        assert [c.id for c in queue.claim(day, 10, day + LEASE)] == [alive.id]
        (letter,) = queue.dead_letters(10)
        assert (letter.id, letter.channel, letter.attempts, letter.dead_at) == (dead.id, "email", 1, T0)
        assert letter.last_error == "550 mailbox unavailable"

        assert queue.requeue_dead() == 1
        assert queue.dead_letters(10) == []
        (requeued,) = queue.claim(day, 10, day + LEASE)
        assert requeued.id == dead.id and requeued.attempt == 1 and requeued.message == email(1)

    def test_the_summary_counts_due_backing_off_leased_and_dead(self, queue: DeliveryQueue) -> None:
        for n in range(4):
            queue.put(email(n))
        a, b, _leased = queue.claim(T0, 3, T0 + LEASE)
        queue.retry(a.id, T0 + timedelta(minutes=1), "x")
        queue.bury(b.id, T0, "y")
        assert queue.summary(T0) == QueueSummary(due=1, backing_off=1, leased=1, dead=1)
        # after the lease and the pause, both are due again
        assert queue.summary(T0 + LEASE) == QueueSummary(due=3, backing_off=0, leased=0, dead=1)

    def test_reasons_are_kept_short(self, queue: DeliveryQueue) -> None:
        queue.put(email(1))
        (claimed,) = queue.claim(T0, 1, T0 + LEASE)
        queue.bury(claimed.id, T0, "x" * 1000)
        (letter,) = queue.dead_letters(1)
        assert letter.last_error is not None and 0 < len(letter.last_error) <= 200

    def test_the_oldest_waiting_message_is_dated_until_it_is_delivered_or_dead(self, queue: DeliveryQueue) -> None:
        assert queue.oldest_waiting() is None
        queue.put(email(1))
        queue.put(email(2))
        assert queue.oldest_waiting() == T0  # the fixture's clock reads T0 whenever a message is queued
        first, second = queue.claim(T0, 10, T0 + LEASE)
        queue.delivered(first.id)
        assert queue.oldest_waiting() == T0
        queue.bury(second.id, T0, "smtp-550")
        assert queue.oldest_waiting() is None  # dead letters are counted apart, not as waiting

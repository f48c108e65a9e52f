"""The Outbox contract, with the unit of work that writes it, its inbox and the relay on top: the in-memory twin
(tests/unit) and the SQL outbox (SQLite and PostgreSQL, tests/integration) must pass these."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from adapters.memory.clock import FixedClock, SequentialIds
from core.shared.events import Event
from core.shared.idempotency import IdempotencyRecord
from core.shared.money import Money
from core.shared.outbox import Outbox, OutboxStats, outbound
from core.shared.relay import ALREADY_PROCESSED, Consumer, Relay, once_in_unit
from core.shared.retry import RetryPolicy
from core.shared.unit_of_work import InboxUnitOfWork

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
PRICE = Money(1250, "EUR")


class Mood(enum.Enum):
    GLAD = "glad"


@outbound("test.thing_happened")
@attrs.frozen
class ThingHappened(Event):
    n: int
    at: datetime = T0
    price: Money = PRICE
    tags: tuple[str, ...] = ("a", "é")
    mood: Mood = Mood.GLAD


@attrs.frozen
class Noted(Event):
    """Stays in the process: never written to the outbox."""

    n: int


NewUow = Callable[[], InboxUnitOfWork]


class OutboxContract:
    """Subclass with an ``outbox`` fixture (fresh and empty) and a ``new_uow`` fixture making units of work on the
    same store whose outbox stamp is ``clock`` (at ``T0``) and ``SequentialIds``."""

    @pytest.fixture
    def clock(self) -> FixedClock:
        return FixedClock(T0)

    @pytest.fixture
    def ids(self) -> SequentialIds:
        return SequentialIds()

    @pytest.fixture
    def outbox(self) -> Outbox:
        raise NotImplementedError

    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError

    @staticmethod
    def commit(new_uow: NewUow, events: Iterable[Event]) -> InboxUnitOfWork:
        uow = new_uow()
        with uow:
            for event in events:
                uow.record(event)
            uow.commit()
        return uow

    def test_an_outbound_event_comes_back_whole_and_in_process_events_stay_out(
        self, outbox: Outbox, new_uow: NewUow
    ) -> None:
        uow = self.commit(new_uow, [Noted(1), ThingHappened(1), Noted(2)])
        assert uow.collect_events() == [Noted(1), ThingHappened(1), Noted(2)]
        (written,) = uow.collect_outbound()
        assert uow.collect_outbound() == []  # once
        (claimed,) = outbox.claim(T0, 10, T0 + LEASE)
        assert claimed.event == ThingHappened(1) and claimed.topic == "test.thing_happened"
        assert (claimed.event_id, claimed.occurred_at, claimed.attempt) == (written.event_id, T0, 1)

    def test_a_rolled_back_unit_writes_nothing(self, outbox: Outbox, new_uow: NewUow) -> None:
        uow = new_uow()
        with uow:
            uow.record(ThingHappened(1))  # left without a commit
        with pytest.raises(RuntimeError), uow:
            uow.record(ThingHappened(2))
            raise RuntimeError("the change failed")
        assert uow.collect_outbound() == [] and outbox.claim(T0, 10, T0 + LEASE) == []
        assert outbox.stats(T0) == OutboxStats(0, 0, 0, 0, None)

    def test_claims_are_oldest_first_and_limited(self, outbox: Outbox, new_uow: NewUow) -> None:
        for n in range(5):
            self.commit(new_uow, [ThingHappened(n)])
        first = outbox.claim(T0, 3, T0 + LEASE)
        rest = outbox.claim(T0, 10, T0 + LEASE)
        assert [m.event for m in first] == [ThingHappened(n) for n in range(3)]
        assert [m.event for m in rest] == [ThingHappened(3), ThingHappened(4)]

    def test_a_leased_message_is_claimed_again_only_when_its_lease_ends(self, outbox: Outbox, new_uow: NewUow) -> None:
        self.commit(new_uow, [ThingHappened(1)])
        (first,) = outbox.claim(T0, 10, T0 + LEASE)
        assert outbox.claim(T0 + LEASE - timedelta(seconds=1), 10, T0 + 2 * LEASE) == []
        assert outbox.stats(T0).leased == 1
        (again,) = outbox.claim(T0 + LEASE, 10, T0 + 2 * LEASE)  # the relay died: at least once
        assert again.event_id == first.event_id and again.attempt == 2

    def test_an_acknowledged_message_is_gone(self, outbox: Outbox, new_uow: NewUow) -> None:
        self.commit(new_uow, [ThingHappened(1)])
        (claimed,) = outbox.claim(T0, 10, T0 + LEASE)
        outbox.acknowledge(claimed.event_id)
        outbox.acknowledge(claimed.event_id)  # idempotent
        assert outbox.claim(T0 + 2 * LEASE, 10, T0 + 3 * LEASE) == []
        assert outbox.stats(T0) == OutboxStats(0, 0, 0, 0, None)

    def test_a_retry_waits_and_counts_attempts(self, outbox: Outbox, new_uow: NewUow) -> None:
        self.commit(new_uow, [ThingHappened(1)])
        (claimed,) = outbox.claim(T0, 10, T0 + LEASE)
        outbox.retry(claimed.event_id, T0 + timedelta(seconds=30), "indexer: TimeoutError")
        assert outbox.claim(T0 + timedelta(seconds=29), 10, T0 + LEASE) == []
        assert outbox.stats(T0 + timedelta(seconds=29)) == OutboxStats(0, 1, 0, 0, T0)
        (again,) = outbox.claim(T0 + timedelta(seconds=30), 10, T0 + LEASE)
        assert again.event_id == claimed.event_id and again.attempt == 2

    def test_dead_letters_wait_for_a_requeue(self, outbox: Outbox, new_uow: NewUow) -> None:
        self.commit(new_uow, [ThingHappened(1), ThingHappened(2)])
        dead, alive = outbox.claim(T0, 10, T0 + LEASE)
        outbox.bury(dead.event_id, T0, "x" * 1000)
        outbox.retry(alive.event_id, T0, "y")
        assert outbox.stats(T0) == OutboxStats(1, 0, 0, 1, T0)
        (letter,) = outbox.dead_letters(10)
        assert (letter.event_id, letter.topic, letter.attempts, letter.dead_at) == (
            dead.event_id, "test.thing_happened", 1, T0
        )  # fmt: skip
        assert letter.last_error is not None and 0 < len(letter.last_error) <= 200
        assert [m.event_id for m in outbox.claim(T0, 10, T0 + LEASE)] == [alive.event_id]
        assert outbox.requeue_dead() == 1 and outbox.dead_letters(10) == []
        (requeued,) = outbox.claim(T0, 10, T0 + LEASE)
        assert requeued.event_id == dead.event_id and requeued.attempt == 1

    def test_the_oldest_pending_message_ages_dead_letters_aside(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        self.commit(new_uow, [ThingHappened(1)])
        clock.advance(timedelta(minutes=1))
        self.commit(new_uow, [ThingHappened(2)])
        first, _second = outbox.claim(clock.now(), 10, clock.now() + LEASE)
        outbox.bury(first.event_id, clock.now(), "gone")
        stats = outbox.stats(T0 + timedelta(minutes=3))
        assert (stats.pending, stats.dead, stats.oldest_pending_at) == (1, 1, T0 + timedelta(minutes=1))
        assert stats.oldest_pending_age_s(T0 + timedelta(minutes=3)) == 120.0
        things = outbox.stats(T0 + timedelta(minutes=3), topics={"test.thing_happened", "test.other"})
        assert (things.pending, things.dead, things.oldest_pending_at) == (1, 1, T0 + timedelta(minutes=1))
        assert outbox.stats(T0, topics={"test.other"}) == OutboxStats(0, 0, 0, 0, None)  # another consumer's

    def test_the_inbox_marks_once_and_rolls_back_with_its_unit(self, new_uow: NewUow) -> None:
        uow = new_uow()
        with uow:
            assert uow.inbox.mark_processed("indexer", "evt_1", T0)
        with uow:  # not committed: forgotten
            assert uow.inbox.mark_processed("indexer", "evt_1", T0)
            assert not uow.inbox.mark_processed("indexer", "evt_1", T0)
            uow.commit()
        with uow:
            assert uow.inbox.processed("indexer", "evt_1") and not uow.inbox.processed("mailer", "evt_1")
            assert not uow.inbox.mark_processed("indexer", "evt_1", T0)
            assert uow.inbox.mark_processed("mailer", "evt_1", T0)

    # The relay over this outbox

    def effect(self, name: str, new_uow: NewUow, clock: FixedClock, calls: list[str]) -> Consumer:
        """A consumer whose effect (an idempotency record) commits with its inbox mark."""

        def handle(event: Event, uow: InboxUnitOfWork) -> str:
            calls.append(name)
            assert isinstance(event, ThingHappened)
            uow.idempotency.put(IdempotencyRecord(name, str(event.n), "-", {}, clock.now()))
            return f"did {event.n}"

        return Consumer(name, "test.thing_happened", once_in_unit(name, new_uow, clock, handle))

    def test_a_relay_killed_between_claim_and_ack_delivers_exactly_once_after_restart(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        calls: list[str] = []
        consumer = self.effect("indexer", new_uow, clock, calls)
        self.commit(new_uow, [ThingHappened(7)])

        def then_killed(message: object) -> object:
            consumer.handle(message)  # type: ignore[arg-type]  # the effect commits ...
            raise SystemExit(137)  # ... and the process dies before the acknowledgement

        with pytest.raises(SystemExit):
            Relay(outbox, [attrs.evolve(consumer, handle=then_killed)], clock, RetryPolicy(), lease=LEASE).run_once()
        restarted = Relay(outbox, [consumer], clock, RetryPolicy(), lease=LEASE)
        assert restarted.run_once().handled == 0  # still leased by the dead relay
        clock.advance(LEASE)
        round_ = restarted.run_once()
        assert [c.done for c in round_.consumed] == [ALREADY_PROCESSED] and len(round_.delivered) == 1
        assert calls == ["indexer"] and outbox.stats(clock.now()).pending == 0
        with new_uow().reading() as uow:
            assert uow.idempotency.get("indexer", "7") is not None

    def test_a_relay_killed_inside_the_consumers_unit_delivers_once_after_restart(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        calls: list[str] = []
        self.commit(new_uow, [ThingHappened(8)])
        dying = self.effect("indexer", new_uow, clock, calls)

        def handle(event: Event, uow: InboxUnitOfWork) -> str:
            uow.idempotency.put(IdempotencyRecord("indexer", "8", "-", {}, clock.now()))
            raise KeyboardInterrupt  # mid-way: the unit rolls back, mark and effect alike

        killed = Consumer("indexer", "test.thing_happened", once_in_unit("indexer", new_uow, clock, handle))
        with pytest.raises(KeyboardInterrupt):
            Relay(outbox, [killed], clock, RetryPolicy(), lease=LEASE).run_once()
        clock.advance(LEASE)
        round_ = Relay(outbox, [dying], clock, RetryPolicy(), lease=LEASE).run_once()
        assert [c.done for c in round_.consumed] == ["did 8"] and calls == ["indexer"]
        assert outbox.stats(clock.now()).pending == 0

    def test_failures_back_off_then_die_and_a_requeue_delivers(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        calls: list[str] = []
        good = self.effect("mailer", new_uow, clock, calls)
        broken = Consumer("indexer", "test.thing_happened", lambda _m: 1 / 0)
        relay = Relay(outbox, [good, broken], clock, RetryPolicy(max_attempts=3, first_pause_s=10), lease=LEASE)
        self.commit(new_uow, [ThingHappened(1)])
        (failure,) = relay.run_once().retrying
        assert failure.reason == "indexer: ZeroDivisionError" and calls == ["mailer"]
        clock.advance(timedelta(seconds=9))
        assert relay.run_once().handled == 0  # backing off: 10 s, then 20 s
        clock.advance(timedelta(seconds=1))
        assert len(relay.run_once().retrying) == 1
        clock.advance(timedelta(seconds=20))
        (dead,) = relay.run_once().dead
        assert calls == ["mailer"]  # the consumer that succeeded did its work once
        assert [letter.event_id for letter in outbox.dead_letters(10)] == [dead.event_id]
        assert outbox.requeue_dead() == 1
        fixed = Relay(outbox, [good, attrs.evolve(broken, handle=lambda _m: "ok")], clock, RetryPolicy())
        assert fixed.run_once().delivered_ids == [dead.event_id] and outbox.stats(clock.now()).dead == 0

    def test_the_committing_process_delivers_at_once_and_the_relay_finds_nothing_left(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        calls: list[str] = []
        relay = Relay(outbox, [self.effect("indexer", new_uow, clock, calls)], clock, RetryPolicy())
        uow = self.commit(new_uow, [ThingHappened(1), Noted(2)])
        assert len(relay.deliver_now(uow.collect_outbound()).delivered) == 1
        assert relay.run_once().handled == 0 and calls == ["indexer"]

    def test_a_failed_fast_delivery_is_left_for_the_relay(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        failing = Consumer("indexer", "test.thing_happened", lambda _m: 1 / 0)
        uow = self.commit(new_uow, [ThingHappened(1)])
        (failure,) = Relay(outbox, [failing], clock, RetryPolicy()).deliver_now(uow.collect_outbound()).retrying
        calls: list[str] = []
        round_ = Relay(outbox, [self.effect("indexer", new_uow, clock, calls)], clock, RetryPolicy()).run_once()
        assert round_.delivered_ids == [failure.event_id] and calls == ["indexer"]

    def test_a_message_no_consumer_wants_is_acknowledged(
        self, outbox: Outbox, new_uow: NewUow, clock: FixedClock
    ) -> None:
        self.commit(new_uow, [ThingHappened(1)])
        assert len(Relay(outbox, [], clock, RetryPolicy()).run_once().delivered) == 1
        assert outbox.stats(clock.now()).pending == 0

"""The message bus: committed events reach their handlers (and their base types'), failures are reported."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from adapters.memory.unit_of_work import InMemoryUnitOfWork
from core.shared.events import Event
from core.shared.messagebus import MessageBus, joined
from core.shared.outbox import OutboxMessage, outbound


@attrs.frozen
class Moved(Event):
    owner: str


@attrs.frozen
class MovedFar(Moved):
    km: int


@attrs.frozen
class Unrelated(Event):
    pass


def test_each_event_reaches_its_handlers_and_those_of_its_base_types_in_order() -> None:
    seen: list[str] = []
    handlers = joined(
        {Moved: [lambda e: seen.append(f"moved {e.owner}")]},
        {MovedFar: [lambda e: seen.append(f"far {e.km}")], Unrelated: [lambda _e: seen.append("unrelated")]},
    )
    bus = MessageBus(handlers, on_failure=lambda *_: None)
    bus.dispatch([MovedFar("ana", 12), Moved("bo")])
    assert seen == ["far 12", "moved ana", "moved bo"]


def test_a_failing_handler_is_reported_and_the_others_still_run() -> None:
    seen: list[str] = []
    failures: list[tuple[Event, str, str]] = []

    def broken(_event: Moved) -> None:
        raise RuntimeError("index down")

    bus = MessageBus(
        {Moved: [broken, lambda e: seen.append(e.owner)]},
        on_failure=lambda event, name, error: failures.append((event, name, str(error))),
    )
    bus.dispatch([Moved("ana")])
    assert seen == ["ana"]
    assert failures == [(Moved("ana"), broken.__qualname__, "index down")]


def test_only_committed_events_are_dispatched() -> None:
    seen: list[Event] = []
    bus = MessageBus({Moved: [seen.append]}, on_failure=lambda *_: None)
    uow = InMemoryUnitOfWork()
    with uow:
        uow.record(Moved("rolled back"))
    with uow:
        uow.record(Moved("kept"))
        uow.commit()
    bus.dispatch(uow.collect_events())
    assert seen == [Moved("kept")]


@outbound("test.sent_at_once")
@attrs.frozen
class SentAtOnce(Event):
    pass


@outbound("test.sent_after_the_answer", after_answer=True)
@attrs.frozen
class SentAfterTheAnswer(Event):
    pass


def test_outbound_messages_go_to_the_fast_path_except_those_that_wait_for_the_answer() -> None:
    delivered: list[str] = []
    bus = MessageBus({}, on_failure=lambda *_: None, deliver_now=lambda ms: delivered.extend(m.topic for m in ms))
    at = datetime(2026, 12, 3, tzinfo=UTC)
    messages = [
        OutboxMessage("evt_1", "test.sent_at_once", SentAtOnce(), at),
        OutboxMessage("evt_2", "test.sent_after_the_answer", SentAfterTheAnswer(), at),
    ]
    bus.after_commit([], messages)
    assert delivered == ["test.sent_at_once"]

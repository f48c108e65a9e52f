"""The UnitOfWork's hand-over contract: what a `with` block committed goes to its ``after_commit`` (the message
bus) once the block is left, once; the in-memory unit (tests/unit) and the SQL unit (SQLite, PostgreSQL) pass it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import pytest

from core.shared.events import Event
from core.shared.outbox import Outbox, OutboxMessage
from core.shared.unit_of_work import AfterCommit, InboxUnitOfWork
from tests.contracts.outbox import T0, Noted, ThingHappened

Handed = list[tuple[list[Event], list[Event]]]
HandingTo = Callable[[AfterCommit], InboxUnitOfWork]


class HandOverContract:
    """Subclass with an ``outbox`` fixture (fresh and empty) and a ``handing_to`` fixture making units of work on
    that store that hand over to the ``AfterCommit`` given."""

    @pytest.fixture
    def outbox(self) -> Outbox:
        raise NotImplementedError

    @pytest.fixture
    def handing_to(self) -> HandingTo:
        raise NotImplementedError

    @staticmethod
    def recorder(handed: Handed) -> AfterCommit:
        def after_commit(events: Sequence[Event], outbound: Sequence[OutboxMessage]) -> None:
            handed.append((list(events), [message.event for message in outbound]))

        return after_commit

    def test_each_block_hands_over_what_it_committed_once_it_is_left(self, handing_to: HandingTo) -> None:
        handed: Handed = []
        uow = handing_to(self.recorder(handed))
        with uow:
            uow.record(Noted(1))
            uow.record(ThingHappened(1))
            uow.commit()
            assert handed == []  # not inside the block: its transaction may still hold a lock
        assert handed == [([Noted(1), ThingHappened(1)], [ThingHappened(1)])]
        with uow:
            uow.record(Noted(2))  # left without a commit: nothing to hand over
        with pytest.raises(RuntimeError), uow:
            uow.record(Noted(3))
            raise RuntimeError("the change failed")
        with uow:  # the same unit again: only what this block committed
            uow.record(Noted(4))
            uow.commit()
        assert handed[1:] == [([Noted(4)], [])]
        assert uow.collect_events() == [] and uow.collect_outbound() == []  # handed over: nothing kept

    def test_a_block_that_commits_nothing_hands_nothing_over(self, handing_to: HandingTo) -> None:
        handed: Handed = []
        uow = handing_to(self.recorder(handed))
        with uow:
            uow.commit()
        with uow.reading():
            pass
        assert handed == []

    def test_what_it_is_handed_may_write_in_a_unit_of_its_own(self, outbox: Outbox, handing_to: HandingTo) -> None:
        """On SQLite one writer holds the lock at a time: handed over before the block released its connection,
        this second writer would wait for the busy timeout and fail."""

        def write_another(events: Sequence[Event], _outbound: Sequence[OutboxMessage]) -> None:
            if Noted(1) in events:
                with handing_to(lambda _events, _outbound: None) as other:
                    other.record(ThingHappened(99))
                    other.commit()

        with handing_to(write_another) as uow:
            uow.record(Noted(1))
            uow.commit()
        claimed = outbox.claim(T0, 10, T0 + timedelta(minutes=5))
        assert [message.event for message in claimed] == [ThingHappened(99)]

"""The in-memory and the SQLite unit of work hand what they committed over once their block is left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.outbox import InMemoryOutbox
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.outbox import SqlAlchemyOutbox
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.shared.unit_of_work import AfterCommit
from tests.contracts.outbox import T0
from tests.contracts.unit_of_work_hand_over import HandingTo, HandOverContract


class TestInMemoryHandOver(HandOverContract):
    @pytest.fixture
    def database(self) -> InMemoryDatabase:
        return InMemoryDatabase()

    @pytest.fixture
    def outbox(self, database: InMemoryDatabase) -> InMemoryOutbox:
        return InMemoryOutbox(database)

    @pytest.fixture
    def handing_to(self, database: InMemoryDatabase) -> HandingTo:
        ids = SequentialIds()
        return lambda after: InMemoryUnitOfWork(database, now=FixedClock(T0).now, new_id=ids.new_id,
                                                after_commit=after)  # fmt: skip


class TestSqliteHandOver(HandOverContract):
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        url = f"sqlite:///{tmp_path / 'hand-over.db'}"
        upgrade(url)
        engine = create_database_engine(url)
        yield engine
        engine.dispose()

    @pytest.fixture
    def outbox(self, engine: Engine) -> SqlAlchemyOutbox:
        return SqlAlchemyOutbox(engine)

    @pytest.fixture
    def handing_to(self, engine: Engine) -> HandingTo:
        ids = SequentialIds()

        def unit(after: AfterCommit) -> SqlAlchemyUnitOfWork:
            return SqlAlchemyUnitOfWork(engine, now=FixedClock(T0).now, new_id=ids.new_id, after_commit=after)

        return unit

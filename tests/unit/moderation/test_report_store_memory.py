"""The in-memory reports store keeps the ``ReportRepository`` contract (SQLite and PostgreSQL: tests/integration)."""

from __future__ import annotations

from functools import partial

import pytest

from adapters.memory.moderation_reports import InMemoryModerationUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from tests.contracts.report_repository import NewModerationUow, ReportRepositoryContract


class TestInMemoryReportRepository(ReportRepositoryContract):
    @pytest.fixture
    def new_uow(self) -> NewModerationUow:
        return partial(InMemoryModerationUnitOfWork, InMemoryDatabase())

"""The SQL public views pass the PublicViews contract on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.public_views import SqlAlchemyPublicViews
from tests.contracts.public_views import PublicViewsContract, a_view
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class WorkerCacheCases(PublicViewsContract):
    """A worker keeps decoded views and names the version it holds; another worker's write must still show."""

    def test_another_workers_new_view_is_read_where_the_old_one_was_held(self, views: SqlAlchemyPublicViews) -> None:
        other = SqlAlchemyPublicViews(views._engine)  # a second worker on the same database
        views.save(a_view(headline="old"), 0)
        for _ in range(2):  # the second read names the version it holds: the row's document is not sent
            found = views.find(profile_id="prf_ana")
            assert found is not None and found.view is not None and found.view.page.headline == "old"
        other.invalidate("prf_ana")
        assert other.save(a_view(headline="new"), 1) is True
        by_id, by_slug = views.find(profile_id="prf_ana"), views.find(slug="ana")
        assert by_id is not None and by_id.view is not None and by_id.view.page.headline == "new"
        assert by_slug is not None and by_slug.view == by_id.view

    def test_a_view_dropped_from_the_decoded_ones_is_read_again_whole(self, views: SqlAlchemyPublicViews) -> None:
        views.save(a_view(), 0)
        held = views.find(slug="ana")
        views._decoded.clear()  # evicted by other profiles' views since
        again = views.find(slug="ana")
        assert held is not None and again is not None and again.view is not None and again.view == held.view


class TestSqlitePublicViews(WorkerCacheCases):
    @pytest.fixture
    def views(self, tmp_path: Path) -> Iterator[SqlAlchemyPublicViews]:
        for engine in sqlite_engine(tmp_path):
            yield SqlAlchemyPublicViews(engine)


class TestPostgresPublicViews(WorkerCacheCases):
    @pytest.fixture
    def views(self, pg_engine: Engine) -> SqlAlchemyPublicViews:
        truncate_all(pg_engine)
        return SqlAlchemyPublicViews(pg_engine)

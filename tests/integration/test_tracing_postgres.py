"""Tracing on PostgreSQL: the statements of a request are spans under its server span, named by operation and
database, with the statement's text and no values."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from config.tracing import install_tracing
from entrypoints.http.app import create_app
from tests.integration.sql_stores import truncate_all

pytestmark = pytest.mark.integration


def test_a_request_s_statements_on_postgresql_are_children_of_its_server_span(pg_url: str) -> None:
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    truncate_all(engine)
    engine.dispose()
    container, spans = build_container(Settings(database_url=pg_url)), InMemorySpanExporter()
    with TestClient(create_app(container, install_tracing(container, spans))) as client:
        answer = client.get("/api/profiles/prf_nobody_here", headers={"X-Request-ID": "req-pg-00001"})
    assert answer.status_code == 404
    finished = spans.get_finished_spans()
    (server,) = [span for span in finished if span.kind is SpanKind.SERVER]
    assert server.name == "GET /api/profiles/{profile_id}" and server.attributes["request_id"] == "req-pg-00001"
    statements = [span for span in finished if span.attributes.get("db.system") == "postgresql"]
    assert statements and all(span.parent and span.parent.span_id == server.context.span_id for span in statements)
    (select,) = [span for span in statements if span.name.startswith("SELECT")]
    assert "prf_nobody_here" not in str(dict(select.attributes))  # the id is a bound parameter, not in the text
    assert select.name == f"SELECT {engine.url.database}" and "FROM profiles" in str(select.attributes["db.statement"])

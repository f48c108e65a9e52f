"""Tracing's wiring: peer calls get client spans, statements outside a trace get none, OTLP reaches a collector,
and asking for tracing without its packages stops start-up with the command that installs them."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from sqlalchemy import text

from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from config.tracing import TracingUnavailable, install_tracing
from core.calendar.feeds import FeedFetched, FeedFetchFailed

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n"


@contextmanager
def loopback_peer(status: int = 200, body: bytes = ICS) -> Iterator[tuple[str, list[tuple[str, str, bytes]]]]:
    """An HTTP server on a free loopback port answering every GET and POST; yields its base URL and what it got."""
    received: list[tuple[str, str, bytes]] = []

    class Peer(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            received.append((self.command, self.path, self.rfile.read(length)))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Peer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def _container(tmp_path: Path, **settings: Any) -> Container:
    url = f"sqlite:///{tmp_path / 't.db'}"
    upgrade(url)
    return build_container(Settings(database_url=url, calendar_feeds_allow_private=True, **settings))


def test_a_feed_fetch_is_a_client_span_naming_the_host_only(tmp_path: Path) -> None:
    container, spans = _container(tmp_path), InMemorySpanExporter()
    tracing = install_tracing(container, spans)
    assert tracing is not None
    with loopback_peer() as (base, received):
        fetched = container.feed_fetcher().fetch(f"{base}/private/s3cr3t-feed-token/basic.ics", None, None)
    with loopback_peer(status=503) as (base, _):
        failed = container.feed_fetcher().fetch(f"{base}/private/s3cr3t-feed-token/basic.ics", None, None)
    assert (
        isinstance(fetched, FeedFetched)
        and fetched.body == ICS
        and received[0][:2] == ("GET", "/private/s3cr3t-feed-token/basic.ics")
    )
    assert isinstance(failed, FeedFetchFailed)
    ok, refused = spans.get_finished_spans()
    assert (ok.name, ok.kind, ok.attributes["server.address"]) == ("GET calendar feed", SpanKind.CLIENT, "127.0.0.1")
    assert ok.attributes["rastup.feed.outcome"] == "FeedFetched" and ok.status.status_code is StatusCode.UNSET
    assert refused.status.status_code is StatusCode.ERROR and refused.status.description == "unreachable"
    assert not any("s3cr3t" in str(value) for span in (ok, refused) for value in span.attributes.values())


def test_statements_outside_any_span_start_no_trace_and_inside_one_are_its_children(tmp_path: Path) -> None:
    """The outbox relay and the delivery dispatcher poll from their threads: no trace of one statement each."""
    container, spans = _container(tmp_path), InMemorySpanExporter()
    tracing = install_tracing(container, spans)
    assert tracing is not None
    with container.engine().connect() as connection:
        connection.execute(text("SELECT 1"))
        assert spans.get_finished_spans() == ()
        with tracing.provider.get_tracer("test").start_as_current_span("round") as round_span:
            connection.execute(text("SELECT 2"))
    statement, parent = spans.get_finished_spans()
    assert statement.attributes["db.statement"] == "SELECT 2" and statement.parent is not None
    assert statement.parent.span_id == round_span.get_span_context().span_id and parent.name == "round"


def test_otlp_sends_the_spans_to_the_configured_collector(tmp_path: Path) -> None:
    with loopback_peer(body=b"") as (collector, received):
        container = _container(tmp_path, tracing="otlp", otlp_traces_endpoint=f"{collector}/v1/traces",
                               service_name="rastup-test")  # fmt: skip
        tracing = install_tracing(container)
        assert tracing is not None
        with tracing.provider.get_tracer("test").start_as_current_span("checkout"):
            pass
        assert tracing.provider.force_flush(5_000)
        tracing.provider.shutdown()
    ((method, path, body),) = received
    assert (method, path) == ("POST", "/v1/traces") and b"checkout" in body and b"rastup-test" in body


def test_tracing_without_its_packages_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "adapters.otel.provider", None)  # as if the tracing extra were not installed
    with pytest.raises(TracingUnavailable, match=r"pip install 'rastup\[tracing\]'"):
        install_tracing(_container(tmp_path, tracing="console"))
    assert install_tracing(_container(tmp_path / "off")) is None  # off: nothing is imported, nothing can fail

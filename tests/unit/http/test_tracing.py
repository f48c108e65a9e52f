"""Tracing over the real app: one checkout's span trees (the in-memory exporter), and nothing at all when off."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from adapters.ics.fetch import HttpFeedFetcher
from config.container import Container
from config.tracing import install_tracing, traced_peer
from entrypoints.http.app import create_app
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, serving, slot

PROFILE = "prf_demo_photographer_la"  # owned by PROVIDER in the booking world
SERVICE = {"title": "Editorial day rate", "hourly_rate": {"amount": 20000, "currency": "USD"},
           "role": "photographer", "min_duration_minutes": 120, "cancellation_policy": "strict"}  # fmt: skip
SERVICES_ROUTE = "POST /api/profiles/{profile_id}/services"


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, InMemorySpanExporter]]:
    container, _clock = seeded_container(tmp_path)
    spans = InMemorySpanExporter()
    with TestClient(create_app(container, install_tracing(container, spans))) as client:
        yield client, container, spans


class Trace:
    """One trace's spans, as a tree: its root, and each span's parent."""

    def __init__(self, spans: list[ReadableSpan]) -> None:
        self.spans = spans
        self._by_id = {span.context.span_id: span for span in spans}
        roots = [span for span in spans if span.parent is None]
        assert len(roots) == 1, [span.name for span in roots]
        self.root = roots[0]

    def parent(self, span: ReadableSpan) -> ReadableSpan | None:
        return self._by_id.get(span.parent.span_id) if span.parent else None

    def ancestors(self, span: ReadableSpan) -> list[ReadableSpan]:
        chain, parent = [], self.parent(span)
        while parent is not None:
            chain.append(parent)
            parent = self.parent(parent)
        return chain

    def statements(self, starting: str = "") -> list[ReadableSpan]:
        return [
            s for s in self.spans if "db.system" in s.attributes and s.attributes["db.statement"].startswith(starting)
        ]

    def named(self, prefix: str) -> list[ReadableSpan]:
        return [span for span in self.spans if span.name.startswith(prefix)]


def traces_by_request_id(spans: InMemorySpanExporter) -> dict[str, Trace]:
    grouped: dict[int, list[ReadableSpan]] = {}
    for span in spans.get_finished_spans():
        grouped.setdefault(span.context.trace_id, []).append(span)
    traces = [Trace(members) for members in grouped.values()]
    return {str(t.root.attributes.get("request_id")): t for t in traces}


def test_one_checkout_is_a_span_tree_per_request_rooted_at_its_server_span(
    traced: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    client, _container, spans = traced
    offered = client.post(f"/api/profiles/{PROFILE}/services", json=SERVICE,
                          headers={**PROVIDER, "X-Request-ID": "req-offer-0001"})  # fmt: skip
    assert offered.status_code == 201, offered.text
    started = client.post("/api/checkout/start", json=slot(24), headers={**ALICE, "X-Request-ID": "req-start-0001"})
    assert started.status_code == 200, started.text
    confirmed = client.post("/api/checkout/confirm", json={"txnId": started.json()["txnId"], "method": "pm_card_visa"},
                            headers={**ALICE, "X-Request-ID": "req-confirm-0001"})  # fmt: skip
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed", confirmed.text
    traces = traces_by_request_id(spans)
    assert set(traces) == {"req-offer-0001", "req-start-0001", "req-confirm-0001"}  # one trace per request

    # each request's root is its server span, named by the route template (never by ids), with the request id
    offer, start_trace, confirm = traces["req-offer-0001"], traces["req-start-0001"], traces["req-confirm-0001"]
    assert (offer.root.name, offer.root.kind) == (SERVICES_ROUTE, SpanKind.SERVER)
    assert offer.root.attributes["http.route"] == "/api/profiles/{profile_id}/services"
    assert offer.root.attributes["http.status_code"] == 201 and PROFILE in offer.root.attributes["http.target"]
    assert [start_trace.root.name, confirm.root.name] == ["POST /api/checkout/start", "POST /api/checkout/confirm"]

    # the command the route handed to the bus is the server span's child; its SQL statements are the command's
    (command,) = offer.named("command ")
    assert command.name == "command OfferService" and offer.parent(command) is offer.root
    assert command.status.status_code is StatusCode.UNSET
    inserted = offer.statements("INSERT INTO service_profiles")
    assert inserted and all(offer.parent(statement) is command for statement in inserted)

    # checkout: its writes sit under the command span the route handed to the bus, a child of the server span;
    # every span of the trace descends from the server span
    for trace, write, kind in ((start_trace, "INSERT INTO bookings", "StartCheckout"),
                               (confirm, "UPDATE bookings", "ConfirmCheckout")):  # fmt: skip
        assert trace.statements(write), f"{write} not traced"
        (handled,) = trace.named("command ")
        assert handled.name == f"command {kind}" and trace.parent(handled) is trace.root
        assert all(trace.parent(statement) is handled for statement in trace.statements(write))
        assert all(trace.ancestors(span)[-1] is trace.root for span in trace.spans if span is not trace.root)
        assert all(span.kind is SpanKind.CLIENT for span in trace.statements())

    # the access log line carries the trace and the span it was written under
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    (access,) = [line for line in lines if line.get("event") == "request" and line["request_id"] == "req-start-0001"]
    assert access["trace_id"] == f"{start_trace.root.context.trace_id:032x}"
    assert access["span_id"] == f"{start_trace.root.context.span_id:016x}"


def test_a_refused_command_is_named_on_its_span_but_is_no_fault_and_secrets_stay_out(traced: Any) -> None:
    client, _container, spans = traced
    refused = client.post(
        f"/api/profiles/{PROFILE}/services", json=SERVICE, headers={**BOB, "X-Request-ID": "req-bob-0001"}
    )
    assert refused.status_code == 404
    token = "t" * 40
    assert client.get(f"/calendar/{token}.ics?key=secret").status_code == 404  # an unknown export token
    traces = traces_by_request_id(spans)
    (command,) = traces["req-bob-0001"].named("command OfferService")
    assert command.attributes["rastup.refused"] == "not-found" and command.status.status_code is StatusCode.UNSET
    (export,) = [t for t in traces.values() if t.root.attributes.get("http.route") == "/calendar/{feed_file}"]
    assert export.root.name == "GET /calendar/{feed_file}"
    recorded = json.dumps([dict(span.attributes) for span in export.spans])
    assert token not in recorded and "secret" not in recorded and "[redacted]" in recorded


def test_tracing_off_installs_nothing_and_logs_no_trace_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    container, _clock = seeded_container(tmp_path)  # TRACING unset: off
    with serving(container) as client:
        assert client.get("/healthz").status_code == 200
        middleware = [getattr(m, "middleware", m) for m in client.app.middleware]
        assert not any("opentelemetry" in getattr(m, "__module__", "").lower() for m in middleware)
        assert "OpenTelemetryPlugin" not in {type(plugin).__name__ for plugin in client.app.plugins}
        assert "route_span" not in {getattr(m, "__name__", "") for m in middleware}
    bus = container.commands()
    with bus.around(object()) as nothing:
        assert nothing is None  # the core's default: a null context, no span
    assert not container.engine().dispatch.before_cursor_execute  # no statement listener
    assert type(container.feed_fetcher()) is HttpFeedFetcher  # not wrapped
    assert container.peer_spans() is None  # peers' adapters are made unwrapped
    untouched = object()
    assert traced_peer("stripe", untouched, container.settings(), None) is untouched
    assert not container.redis.overridden  # the Redis client is not instrumented
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert lines and not any("trace_id" in line for line in lines)


def test_tracing_off_does_not_even_import_opentelemetry(tmp_path: Path) -> None:
    """In a fresh interpreter: build the app, serve a request; no tracer provider, SQL instrumentation, exporter
    or span of ours was loaded. (Once installed, the packages are imported at start-up by others: Litestar loads
    the API and the ASGI instrumentation to look for an OpenTelemetry middleware, redis-py the SDK's metrics.)"""
    script = f"""
import sys
from litestar.testing import TestClient
from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
with TestClient(create_app(build_container(Settings(database_url="sqlite:///{tmp_path / "off.db"}")))) as client:
    assert client.get("/healthz").status_code == 200
ours = ("opentelemetry.sdk.trace", "opentelemetry.instrumentation.sqlalchemy", "opentelemetry.exporter",
        "opentelemetry.instrumentation.redis", "adapters.otel")
print(sorted(name for name in sys.modules if name.startswith(ours)))
"""
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.strip().splitlines()[-1] == "[]"

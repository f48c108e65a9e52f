"""Tracing of peer calls against the real peers: a client span per call to Stripe (localstripe), Typesense, Redis,
S3 (moto) and SMTP (the sink), under the span that made it, naming the peer and the call and never what was sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from adapters.typesense.search import typesense_client
from config.container import Container, build_container
from config.settings import Settings
from config.tracing import install_tracing
from core.identity.delivery import EmailMessage
from core.shared.errors import NotFound
from entrypoints.http.app import create_app
from tests.harness.moto_peer import AwsEndpoint
from tests.harness.typesense_peer import TypesenseServer
from tests.unit.http.booking_world import ALICE, seeded_container, slot
from tests.unit.identity.smtp_sink import smtp_sink

pytestmark = pytest.mark.integration
BUCKET = "rastup-traced-media"


def restarted(world: Container) -> Container:
    """A fresh container over a seeded world's database (a restart): tracing sees every adapter it makes."""
    fresh = build_container(world.settings())
    fresh.clock.override(providers.Object(world.clock()))
    return fresh


def traced_app(container: Container) -> tuple[TestClient[Any], InMemorySpanExporter]:
    spans = InMemorySpanExporter()
    return TestClient(create_app(container, install_tracing(container, spans))), spans


def server_span(spans: InMemorySpanExporter, request_id: str) -> ReadableSpan:
    (server,) = [s for s in spans.get_finished_spans() if s.attributes.get("request_id") == request_id]
    assert server.kind is SpanKind.SERVER
    return server


def under(spans: InMemorySpanExporter, root: ReadableSpan, name: str) -> list[ReadableSpan]:
    """The spans named ``name`` descending from ``root``."""
    by_id = {s.context.span_id: s for s in spans.get_finished_spans()}

    def descends(span: ReadableSpan) -> bool:
        while span.parent is not None:
            if span.parent.span_id == root.context.span_id:
                return True
            span = by_id[span.parent.span_id]
        return False

    return [s for s in spans.get_finished_spans() if s.name == name and descends(s)]


def recorded(spans: InMemorySpanExporter) -> str:
    return json.dumps([{**dict(s.attributes), "name": s.name} for s in spans.get_finished_spans()])


def test_a_checkout_on_stripe_calls_it_in_client_spans_under_the_request(stripe_api: str, tmp_path: Path) -> None:
    container, _clock = seeded_container(tmp_path, payments_backend="stripe", stripe_api_key="sk_test_rastup",
                                         stripe_api_base=stripe_api)  # fmt: skip
    container = restarted(container)
    client, spans = traced_app(container)
    with client:
        txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
        confirmed = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"},
                                headers={**ALICE, "X-Request-ID": "req-stripe-001"})  # fmt: skip
    assert confirmed.status_code == 200, confirmed.text
    (authorized,) = under(spans, server_span(spans, "req-stripe-001"), "stripe authorize")
    assert authorized.kind is SpanKind.CLIENT and authorized.status.status_code is StatusCode.UNSET
    assert {k: authorized.attributes[k] for k in ("rpc.system", "rpc.method", "server.address", "rastup.peer")} == {
        "rpc.system": "stripe", "rpc.method": "authorize", "server.address": "127.0.0.1", "rastup.peer": "stripe"
    }  # fmt: skip
    assert under(spans, server_span(spans, "req-stripe-001"), "stripe capture")  # confirm captures at once
    assert "pm_card_visa" not in recorded(spans) and "sk_test" not in recorded(spans)


@pytest.fixture
def typesense_container(tmp_path: Path, typesense: TypesenseServer) -> Iterator[Container]:
    container, _clock = seeded_container(tmp_path, search_backend="typesense", typesense_url=typesense.url,
                                         typesense_api_key=typesense.api_key, search_cursor_key="k" * 32,
                                         search_cache_ttl_s=0)  # fmt: skip
    yield restarted(container)
    client = typesense_client(typesense.url, typesense.api_key)
    for alias in ("people", "studios"):
        name = client.aliases[alias].retrieve()["collection_name"]
        client.aliases[alias].delete()
        client.collections[name].delete()


def test_a_search_on_typesense_is_a_client_span_without_the_search_terms(typesense_container: Container) -> None:
    client, spans = traced_app(typesense_container)
    with client:
        assert typesense_container.search().reindex().failed == ()
        found = client.get("/api/search/people?q=zzsecretword", headers={"X-Request-ID": "req-search-01"})
    assert found.status_code == 200, found.text
    (queried,) = under(spans, server_span(spans, "req-search-01"), "typesense query")
    assert queried.kind is SpanKind.CLIENT and queried.status.status_code is StatusCode.UNSET
    assert (queried.attributes["db.system"], queried.attributes["db.operation.name"]) == ("typesense", "query")
    assert queried.attributes["server.address"] == "127.0.0.1" and "server.port" in queried.attributes
    assert "zzsecretword" not in recorded(spans)


def test_a_redis_rate_limit_is_a_redis_span_with_no_key_and_a_probe_starts_no_trace(
    clean_redis_url: str, tmp_path: Path
) -> None:
    container, _clock = seeded_container(tmp_path, rate_limit_backend="redis", redis_url=clean_redis_url,
                                         search_cursor_key="k" * 32)  # fmt: skip
    container = restarted(container)
    client, spans = traced_app(container)
    with client:
        assert client.get("/api/search/people", headers={"X-Request-ID": "req-limit-001"}).status_code == 200
        assert all(probe.check().ok for probe in container.health_probes())  # PING outside any trace
    limit = [
        s for s in under(spans, server_span(spans, "req-limit-001"), "EVALSHA") if s.attributes["db.system"] == "redis"
    ]
    assert limit and all(s.kind is SpanKind.CLIENT for s in limit)
    assert str(limit[0].attributes["db.statement"]).startswith("EVALSHA ? ?")  # arguments are never recorded
    redis_attributes = json.dumps([dict(s.attributes) for s in limit])
    assert "rastup:rl" not in redis_attributes and "search-ip" not in redis_attributes  # no key, no client
    assert all(s.parent is not None or s.kind is SpanKind.SERVER for s in spans.get_finished_spans())
    container.shutdown_resources()


def test_s3_calls_are_aws_api_spans_and_a_missing_object_names_only_the_error(
    aws_api: AwsEndpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", aws_api.access_key_id)  # the standard chain, as deployed
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", aws_api.secret_access_key)
    aws_api.client("s3").create_bucket(Bucket=BUCKET)
    container = build_container(Settings(database_url=f"sqlite:///{tmp_path / 'db'}", media_backend="s3",
                                         aws_endpoint_url=aws_api.url, media_s3_bucket=BUCKET))  # fmt: skip
    spans = InMemorySpanExporter()
    tracing = install_tracing(container, spans)
    assert tracing is not None
    store = container.media_store()
    with tracing.provider.get_tracer("test").start_as_current_span("work") as work:
        store.put("originals/prf_1/secret-name", b"bytes", "image/png")
        with pytest.raises(NotFound):
            store.get("originals/prf_1/missing")
    put, get = [s for s in spans.get_finished_spans() if s.name.startswith("s3 ")]
    assert (put.name, get.name) == ("s3 put", "s3 get")
    assert all(s.parent and s.parent.span_id == work.get_span_context().span_id for s in (put, get))
    assert (put.attributes["rpc.system"], put.attributes["rpc.service"]) == ("aws-api", "S3")
    assert put.status.status_code is StatusCode.UNSET and get.status.status_code is StatusCode.ERROR
    assert get.attributes["error.type"] == "NotFound" and "secret-name" not in recorded(spans)
    assert "missing" not in recorded(spans)


def test_an_smtp_send_is_a_span_without_the_address_subject_or_text(tmp_path: Path) -> None:
    with smtp_sink() as sink:
        host, port = sink.server_address[:2]
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'db'}", email_backend="smtp", smtp_host=str(host),
                            smtp_port=int(port), smtp_security="none")  # fmt: skip
        container = build_container(settings)
        spans = InMemorySpanExporter()
        install_tracing(container, spans)
        message = EmailMessage(to="carol@example.com", subject="Your code", text="code 123456")
        container.email_gateway().send(message)  # the dispatcher's call, outside any request: a trace of its own
        assert len(sink.wait_for(1)) == 1
    (sent,) = spans.get_finished_spans()
    assert (sent.name, sent.kind, sent.attributes["network.protocol.name"]) == ("smtp send", SpanKind.CLIENT, "smtp")
    assert (sent.attributes["server.address"], sent.attributes["server.port"]) == (str(host), int(port))
    assert not any(secret in recorded(spans) for secret in ("carol", "example.com", "Your code", "123456"))

"""Tracing (OpenTelemetry), off unless ``TRACING`` says otherwise: what is traced and where spans go.

Off (the default), nothing here runs and nothing here imports OpenTelemetry: no tracer provider, no hook on the
command bus, no listener on the engine, no HTTP middleware, so a request costs what it did before.
On, spans go to an OTLP/HTTP collector (``otlp``) or to stdout (``console``): one per HTTP request (the server
span, named by the route template, with the request id), per command the bus handles, per SQL statement, per
calendar feed fetch, per call to Stripe, Typesense, S3 or SMTP and per Redis command (``traced_peer``); log lines
carry the ``trace_id`` and ``span_id`` they were written under.

The packages come with the ``tracing`` extra (``pip install 'rastup[tracing]'``).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from dependency_injector import providers

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

    from adapters.otel.peers import PeerSpans
    from config.container import Container
    from config.settings import Settings

T = TypeVar("T")
LogProcessor = Callable[[Any, str, MutableMapping[str, Any]], MutableMapping[str, Any]]


class TracingUnavailable(RuntimeError):
    """``TRACING`` asks for spans but the ``tracing`` extra is not installed."""


@attrs.frozen
class Tracing:
    """Tracing as installed: the provider every span comes from, and the log processor adding trace ids."""

    provider: TracerProvider
    log_ids: LogProcessor


def install_tracing(container: Container, exporter: SpanExporter | None = None) -> Tracing | None:
    """Trace ``container``'s engine, command bus, feed fetcher and peers (once per container), sending spans to
    ``exporter`` (tests) or to the one ``TRACING`` names; ``None``, and nothing installed, when tracing is off and
    no exporter is given. The app adds the HTTP spans and the log processor (``create_app``). Peers are traced
    as their adapters are made: install before the container's first use (as ``create_app`` does)."""
    settings = container.settings()
    if exporter is None and settings.tracing == "off":
        return None
    batch = exporter is None and settings.tracing == "otlp"  # the console and tests: each span as it ends
    try:
        from adapters.otel.peers import PeerSpans, instrumented_redis
        from adapters.otel.provider import add_trace_ids, tracer_provider
        from adapters.otel.spans import TracedFeedFetcher, command_spans, trace_statements

        exporter = exporter or _exporter(settings)
    except ImportError as missing:
        raise TracingUnavailable(
            f"TRACING={settings.tracing} needs: pip install 'rastup[tracing]' ({missing})"
        ) from None
    provider = tracer_provider(settings.service_name, exporter, ratio=settings.trace_sample_ratio, batch=batch)
    trace_statements(container.engine(), provider)
    container.commands().around = command_spans(provider.get_tracer("rastup.commands"))
    traced_fetcher = TracedFeedFetcher(container.feed_fetcher(), provider.get_tracer("rastup.peers"))
    container.feed_fetcher.override(providers.Object(traced_fetcher))
    container.peer_spans.override(providers.Object(PeerSpans(provider.get_tracer("rastup.peers"))))
    redis = container.redis  # the same client resource, instrumented when it is first opened
    redis.override(providers.Resource(instrumented_redis, provider, redis.provides, *redis.args, **redis.kwargs))
    return Tracing(provider, add_trace_ids)


def traced_peer(peer: str, adapter: T, settings: Settings, spans: PeerSpans | None) -> T:
    """``adapter`` itself while tracing is off (``spans`` is ``None``: not even a wrapper); else the same adapter
    with a client span around each of its calls to ``peer`` (``stripe``, ``typesense``, ``s3``, ``smtp``)."""
    if spans is None:
        return adapter
    return spans.around(adapter, peer, _address(peer, settings))


def _address(peer: str, settings: Settings) -> str:
    """Where ``peer`` is, as configured: a URL or ``host:port`` (the first node of a Typesense cluster)."""
    return {
        "stripe": settings.stripe_api_base or "https://api.stripe.com",
        "typesense": (settings.typesense_nodes or (settings.typesense_url,))[0],
        "s3": settings.aws_endpoint_url or f"https://s3.{settings.aws_region}.amazonaws.com",
        "smtp": f"{settings.smtp_host}:{settings.smtp_port}",
    }[peer]


def _exporter(settings: Settings) -> SpanExporter:
    """OTLP over HTTP (protobuf) to the configured endpoint; headers, timeout, compression and certificates
    come from the standard ``OTEL_EXPORTER_OTLP_*`` variables, which the exporter reads itself."""
    if settings.tracing == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter(service_name=settings.service_name)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=settings.otlp_traces_endpoint)

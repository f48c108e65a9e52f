"""The tracer provider: the service's resource, a sampler, the exporter; and the trace ids for log lines."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased


def tracer_provider(
    service_name: str, exporter: SpanExporter, *, ratio: float = 1.0, batch: bool = True
) -> TracerProvider:
    """A provider for ``service_name`` sending its spans to ``exporter``: in batches from a background thread
    (OTLP), or each as it ends (the console, tests). ``ratio`` of new traces are kept; a span with a parent
    follows the parent's decision (including a caller's ``traceparent``). ``OTEL_RESOURCE_ATTRIBUTES`` adds to
    the resource, as the SDK reads it."""
    sampler = ParentBased(root=TraceIdRatioBased(ratio))
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}), sampler=sampler)
    provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
    return provider


def add_trace_ids(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: the current span's ``trace_id`` and ``span_id`` (hex, as trace back ends show them),
    so a log line leads to its trace; nothing outside a span."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict["trace_id"] = trace.format_trace_id(context.trace_id)
        event_dict["span_id"] = trace.format_span_id(context.span_id)
    return event_dict

"""Spans around the service's own work: each command the bus handles, each SQL statement, each peer call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any
from urllib.parse import urlsplit

from opentelemetry import metrics, trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, TracerProvider
from sqlalchemy import Engine

from core.calendar.feeds import FeedFetchFailed, FetchOutcome
from core.calendar.ports import FeedFetcher
from core.shared.errors import DomainError


def command_spans(tracer: Tracer) -> Callable[[object], AbstractContextManager[object]]:
    """The command bus's ``around``: one span per command, named by its type. A ``DomainError`` is the command's
    answer (a refusal, a conflict), named on the span but not marked as a fault; anything else is an error."""

    @contextmanager
    def around(command: object) -> Iterator[None]:
        kind = type(command).__name__
        with tracer.start_as_current_span(
            f"command {kind}",
            attributes={"rastup.command": kind},
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                yield
            except DomainError as refused:
                span.set_attribute("rastup.refused", refused.code)
                raise
            except Exception as error:
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                raise

    return around


class _InsideTraces(Tracer):
    """A tracer that starts spans only under a span already there: the outbox relay's and the delivery
    dispatcher's polls, every few seconds in every process, would otherwise each start a trace of one statement.
    A statement inside a request, a command or a peer call has a parent and is traced."""

    def __init__(self, inner: Tracer) -> None:
        self._inner = inner

    def start_span(self, name: str, context: Context | None = None, *args: Any, **kwargs: Any) -> Span:
        if not trace.get_current_span(context).get_span_context().is_valid:
            return trace.INVALID_SPAN
        return self._inner.start_span(name, context, *args, **kwargs)

    def start_as_current_span(self, name: str, context: Context | None = None, *args: Any, **kwargs: Any) -> Any:
        if not trace.get_current_span(context).get_span_context().is_valid:
            return nullcontext(trace.INVALID_SPAN)
        return self._inner.start_as_current_span(name, context, *args, **kwargs)


class _InsideTracesProvider(TracerProvider):
    """A provider of ``_InsideTraces``, for instrumentations that ask a provider for their tracer."""

    def __init__(self, inner: TracerProvider) -> None:
        self._inner = inner

    def get_tracer(self, *args: Any, **kwargs: Any) -> Tracer:
        return _InsideTraces(self._inner.get_tracer(*args, **kwargs))


def inside_traces(provider: TracerProvider) -> TracerProvider:
    """``provider``, its tracers starting spans only under a span already there (see ``_InsideTraces``)."""
    return _InsideTracesProvider(provider)


def trace_statements(engine: Engine, provider: TracerProvider) -> None:
    """A span per SQL statement on ``engine`` inside a trace (the statement text with its placeholders, never
    the values).

    The instrumentation's ``EngineTracer`` listens to this engine's events only; its instrumentor would also
    patch ``sqlalchemy.create_engine`` and ``Engine.connect`` process-wide (and, a singleton, instrument only the
    first engine), which we do not want. Connection-pool metrics go nowhere."""
    tracer = _InsideTraces(provider.get_tracer("opentelemetry.instrumentation.sqlalchemy"))
    usage = metrics.NoOpMeter("rastup").create_up_down_counter("db.client.connections.usage")
    EngineTracer(tracer, engine, usage)  # type: ignore[no-untyped-call]  # the instrumentation ships no annotations


class TracedFeedFetcher:
    """The ``FeedFetcher`` port with a client span around each fetch. Only the host is recorded: a private
    feed's path is a credential (Google's and Apple's secret addresses)."""

    def __init__(self, inner: FeedFetcher, tracer: Tracer) -> None:
        self._inner, self._tracer = inner, tracer

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        attributes = {"http.request.method": "GET", "server.address": host, "rastup.peer": "calendar-feed"}
        with self._tracer.start_as_current_span(
            "GET calendar feed", kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            outcome = self._inner.fetch(url, etag, last_modified)
            span.set_attribute("rastup.feed.outcome", type(outcome).__name__)
            if isinstance(outcome, FeedFetchFailed):
                span.set_status(Status(StatusCode.ERROR, outcome.failure.value))
            return outcome

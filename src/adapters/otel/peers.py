"""Client spans around the service's peers: Stripe, Typesense, S3 and SMTP at their port's calls, Redis per command.

A span records which peer was called and what was asked of it, by name only: the peer's address, the call (the
port method, or the Redis command with every argument a ``?``), its duration, and on failure the error's type. Never
an argument, a key, an answer or an error message: they carry card references, email addresses, message text and
search terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import attrs
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer, TracerProvider
from opentelemetry.util.types import AttributeValue

from adapters.otel.spans import inside_traces

T = TypeVar("T")


@attrs.frozen
class PeerKind:
    """How one kind of peer is described (OpenTelemetry's conventions): its system attributes, where the call's
    name goes, and the port methods that reach it (the others, such as signing an upload URL, stay local)."""

    attributes: Mapping[str, AttributeValue]
    call_key: str
    calls: frozenset[str]


_GATEWAY_CALLS = frozenset({"authorize", "capture", "refund", "void", "get", "open_since", "pay"})
_INDEX_CALLS = frozenset(
    {"upsert", "delete", "write_many", "refresh_days", "query", "suggest", "ids", "status", "use_synonyms"}
)
KINDS: Mapping[str, PeerKind] = {
    "stripe": PeerKind({"rpc.system": "stripe", "rpc.service": "stripe"}, "rpc.method", _GATEWAY_CALLS),
    "typesense": PeerKind({"db.system": "typesense", "db.system.name": "typesense"}, "db.operation.name", _INDEX_CALLS),
    "s3": PeerKind(  # system and service as the AWS SDK instrumentations name them; the method is the port's
        {"rpc.system": "aws-api", "rpc.service": "S3"},
        "rpc.method",
        frozenset({"put", "get", "size", "exists", "delete", "keys"}),
    ),
    "smtp": PeerKind({"network.protocol.name": "smtp"}, "rastup.peer.call", frozenset({"send"})),
}


class PeerSpans:
    """Wraps adapters so that each call of theirs to a peer is a client span of ``tracer``."""

    def __init__(self, tracer: Tracer) -> None:
        self._tracer = tracer

    def around(self, adapter: T, peer: str, address: str) -> T:
        """``adapter`` (of the ``peer`` kind, at ``address``: a URL, or ``host:port``) with its calls traced."""
        kind = KINDS[peer]
        attributes = {**kind.attributes, **_server(address), "rastup.peer": peer}
        return TracedCalls(adapter, self._tracer, peer, kind, attributes)  # type: ignore[return-value]  # a proxy


def _server(address: str) -> dict[str, AttributeValue]:
    """``server.address`` and ``server.port`` of a URL or ``host:port``: never its path, query or user info."""
    try:
        parts = urlsplit(address if "://" in address else f"//{address}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return {}
    return {"server.address": host or "", **({"server.port": port} if port else {})}


class TracedCalls:
    """A port adapter whose peer calls each run in a client span named ``<peer> <call>``; every other attribute is
    the adapter's own. The port's refusals (a declined card, a missing object) are errors on a client span, as an
    HTTP 4xx is: the peer said no; the span names the error's type, never its message."""

    def __init__(
        self, inner: object, tracer: Tracer, peer: str, kind: PeerKind, attributes: Mapping[str, AttributeValue]
    ) -> None:
        self._inner, self._tracer, self._peer, self._kind, self._attributes = inner, tracer, peer, kind, attributes

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if name not in self._kind.calls:
            return found
        return self._traced(name, found)

    def _traced(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def traced(*args: Any, **kwargs: Any) -> Any:
            attributes = {**self._attributes, self._kind.call_key: name}
            with self._tracer.start_as_current_span(
                f"{self._peer} {name}", kind=SpanKind.CLIENT, attributes=attributes,
                record_exception=False, set_status_on_exception=False,
            ) as span:  # fmt: skip
                try:
                    return call(*args, **kwargs)
                except Exception as error:
                    span.set_attribute("error.type", type(error).__name__)
                    span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                    raise

        return traced


def instrumented_redis(
    provider: TracerProvider, clients: Callable[..., Iterator[T] | AbstractContextManager[T]], *args: Any, **kwargs: Any
) -> Iterator[T]:
    """The ``clients`` resource (one Redis client; a generator, or the context manager the container makes of one)
    with OpenTelemetry's Redis instrumentation on that client alone: a span per command (``db.system`` redis, the
    command with its arguments as ``?``, the server), started only inside a trace, so that the health probe's PINGs
    start no trace of their own."""
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    opened = clients(*args, **kwargs)
    with opened if isinstance(opened, AbstractContextManager) else _entered(opened) as client:
        RedisInstrumentor.instrument_client(client, tracer_provider=inside_traces(provider))  # type: ignore[arg-type]  # ours is a client of any kind (T): it asks for a redis-py one
        yield client


@contextmanager
def _entered(resource: Iterator[T]) -> Iterator[T]:
    try:
        yield next(resource)
    finally:
        close = getattr(resource, "close", None)
        if close is not None:
            close()

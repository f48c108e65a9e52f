"""HTTP spans, when tracing is on: the server span of every request, named by its route template.

Litestar's OpenTelemetry middleware opens the server span before routing (it wraps the router, outside every
other middleware), so it can only name the span by the method; the path would put ids and tokens into span
names. Once routed, ``route_span`` renames it ``METHOD /route/{template}``, records the request id the logs
carry, and replaces the URL attributes with the access log's redacted path (no query string, no secret path
parameter). Probes and scrapes (``/healthz``, ``/readyz``, ``/metrics``) are not traced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import structlog
from litestar.types import ASGIApp, Receive, Scope, Send

from entrypoints.http.middleware import REDACTED, logged_path

if TYPE_CHECKING:
    from litestar.types import Middleware

    from config.tracing import Tracing

UNTRACED_PATHS = ["^/healthz$", "^/readyz$", "^/metrics$"]
_PATH_KEYS = ("http.target", "url.path", "http.url")  # the ASGI instrumentation's (old and new conventions)
_SCRUBBED = {"url.query": REDACTED, "net.peer.ip": REDACTED, "client.address": REDACTED}


def request_tracing(tracing: Tracing | None) -> list[Middleware]:
    """Nothing when tracing is off; else the server span (Litestar moves it outermost) and ``route_span``, which
    must come after ``request_id_middleware`` in the app's list."""
    if tracing is None:
        return []
    from litestar.plugins.opentelemetry import OpenTelemetryConfig  # the tracing extra: imported only when on

    config = OpenTelemetryConfig(
        tracer_provider=tracing.provider,
        scope_span_details_extractor=_unrouted_span,
        exclude=UNTRACED_PATHS,
        exclude_spans=["receive", "send"],  # a span per ASGI message tells nothing the server span does not
    )
    return [config.middleware, route_span]


def _unrouted_span(scope: Any) -> tuple[str, dict[str, Any]]:
    """The server span's first name and URL attributes, before routing: the method, and the path with token-like
    segments redacted (a path that matches no route keeps that name: ``GET``)."""
    return str(scope.get("method", "HTTP")), {**dict.fromkeys(_PATH_KEYS, logged_path(scope)), **_SCRUBBED}


def route_span(app: ASGIApp) -> ASGIApp:
    """Name the current server span by the route template and give it the request id (see the module)."""
    from opentelemetry import trace

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        span = trace.get_current_span()
        if scope["type"] == "http" and span.is_recording():
            route = scope.get("path_template") or ""
            span.update_name(f"{scope.get('method', 'HTTP')} {route}".strip())
            path = logged_path(scope)  # now with the route's secret parameters known
            span.set_attributes({"http.route": route, **dict.fromkeys(_PATH_KEYS, path)})
            if request_id := structlog.contextvars.get_contextvars().get("request_id"):
                span.set_attribute("request_id", str(request_id))
        await app(scope, receive, send)

    return middleware

"""ASGI middleware: a request id on every response and log line, and one access-log line per request.

The access line names the route template and the path with its secrets redacted: the calendar export token
(``/calendar/{token}.ics``) and the upload grant (``/uploads/{token}``) are credentials, and any other long
token-like segment is treated as one. The query string is never logged.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = b"x-request-id"
_VALID_ID = re.compile(rb"^[A-Za-z0-9._-]{8,128}$")
SECRET_PATH_PARAMS = frozenset({"token", "feed_file"})  # /uploads/{token}, /calendar/{feed_file} (<token>.ics)
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{32,}")  # longer than our ids (prefix + 26-char ULID): a secret
REDACTED = "[redacted]"
access_log = structlog.get_logger("rastup.access")


def logged_path(scope: Scope) -> str:
    """The request path fit for a log line: secret path parameters and token-like segments redacted."""
    path = str(scope.get("path", ""))
    params = scope.get("path_params") or {}
    for name in SECRET_PATH_PARAMS & params.keys():
        value = str(params[name])
        if value:
            path = path.replace(value, REDACTED)
    return "/".join(_TOKEN_LIKE.sub(REDACTED, segment) for segment in path.split("/"))


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Adopt a well-formed incoming ``X-Request-ID`` or mint one; echo it and bind it to the logs."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER, b"")
        request_id = incoming.decode() if _VALID_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode()))
                message["headers"] = headers  # type: ignore[typeddict-unknown-key]  # ASGI allows it
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await app(scope, receive, send_with_id)
            finally:
                access_log.info(
                    "request",
                    method=scope.get("method"),
                    route=scope.get("path_template"),  # set once routed; None for an unknown path
                    path=logged_path(scope),
                    status=status["code"],
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )

    return middleware

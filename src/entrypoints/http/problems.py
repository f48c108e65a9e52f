"""RFC 9457 problem+json: the one place where domain errors become HTTP statuses."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from core.shared.errors import DomainError, InvalidInput, VersionConflict

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "/problems/"

# code -> (status, title). The ``type`` URI of a problem is PROBLEM_BASE + code; codes never change.
PROBLEMS: dict[str, tuple[int, str]] = {
    "not-found": (404, "Not found"),
    "invalid-input": (422, "A value breaks a rule"),
    "validation-failed": (422, "The request does not match its schema"),
    "malformed-json": (400, "The request body is not valid JSON"),
    "version-conflict": (409, "Edited a stale version"),
    "already-exists": (409, "Already exists"),
    "idempotency-key-reused": (409, "Idempotency key reused with another request"),
    "currency-mismatch": (422, "Amounts in different currencies"),
    "payload-too-large": (413, "Request body too large"),
    "rate-limited": (429, "Too many requests"),
    "internal-error": (500, "Internal error"),
}
_HTTP_CODES = {404: "not-found", 413: "payload-too-large", 429: "rate-limited", 400: "malformed-json"}

log = structlog.get_logger("rastup.http")


def problem(code: str, detail: str, status: int | None = None, **extensions: Any) -> Response[dict[str, Any]]:
    """Build a problem+json response; ``extensions`` become extra members (RFC 9457 section 3.2)."""
    default_status, title = PROBLEMS.get(code, (status or 400, code.replace("-", " ").capitalize()))
    status = status or default_status
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    body = {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail, **extensions}
    if request_id:
        body["request_id"] = request_id
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


def domain_error_handler(_request: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    if isinstance(error, InvalidInput):
        return problem(error.code, error.detail, errors=[{"field": error.field, "reason": error.reason}])
    if isinstance(error, VersionConflict):
        return problem(error.code, error.detail, current_version=error.current)
    attributes = {k: v for k, v in error.attributes.items() if isinstance(v, str | int | bool)}
    return problem(error.code, error.detail, **attributes)


def http_error_handler(_request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    if isinstance(error, ValidationException):
        extra = error.extra if isinstance(error.extra, list) else []
        fields = [{"field": item.get("key", ""), "reason": item.get("message", "")} for item in extra]
        if not fields and "malformed" in str(error.detail).lower():
            return problem("malformed-json", str(error.detail))
        return problem("validation-failed", str(error.detail), errors=fields)
    if error.status_code >= 500:
        log.error("server_error", status=error.status_code, error=repr(error.__cause__ or error))
        return problem("internal-error", "Something went wrong on our side; the request id identifies it.")
    code = _HTTP_CODES.get(error.status_code, f"http-{error.status_code}")
    response = problem(code, str(error.detail), status=error.status_code)
    if error.headers:
        response.headers.update(error.headers)
    return response


def unexpected_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    log.error("unhandled_error", path=request.url.path, error=type(error).__name__, exc_info=error)
    return problem("internal-error", "Something went wrong on our side; the request id identifies it.")


EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    DomainError: domain_error_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}

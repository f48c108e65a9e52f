"""RFC 9457 problem+json: the one place where domain errors become HTTP statuses."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from core.shared.errors import DomainError, InvalidInput, VersionConflict
from entrypoints.http.middleware import logged_path
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "/problems/"

# code -> (status, title). The ``type`` URI of a problem is PROBLEM_BASE + code; codes never change.
PROBLEMS: dict[str, tuple[int, str]] = {
    "not-found": (404, "Not found"),
    "invalid-input": (422, "A value breaks a rule"),
    "validation-failed": (422, "The request does not match its schema"),
    "malformed-json": (400, "The request body is not valid JSON"),
    "json-too-deep": (400, "The request body nests too deeply"),
    "unsupported-media-type": (415, "This route takes application/json"),
    "version-conflict": (409, "Edited a stale version"),
    "already-exists": (409, "Already exists"),
    "idempotency-key-reused": (409, "Idempotency key reused with another request"),
    "currency-mismatch": (422, "Amounts in different currencies"),
    "payload-too-large": (413, "Request body too large"),
    "rate-limited": (429, "Too many requests"),
    "calendar-feed-malformed": (422, "The calendar file cannot be read"),
    "calendar-feed-too-large": (422, "The calendar file is too large"),
    "calendar-export-revoked": (404, "Not found"),
    "calendar-schedule-unreadable": (409, "The stored schedule must be saved again"),
    "step-blocked": (409, "This step opens after the steps it depends on"),
    "profile-incomplete": (422, "The profile is not complete enough to publish"),
    "instant-book-not-eligible": (409, "Not eligible for Instant Book yet"),
    "verification-not-pending": (409, "The verification was already decided"),
    "actor-required": (401, "Say who is acting (X-Actor)"),
    "not-booking-party": (403, "Not a party to this booking"),
    "already-reviewed": (409, "This side has already reviewed the booking"),
    "reviews-published": (409, "Published reviews can no longer be edited"),
    "review-window-closed": (409, "The window to review this booking has closed"),
    "not-reviewable": (409, "Only a completed booking can be reviewed"),
    "review-on-hold": (409, "The booking cannot be reviewed until its dispute is resolved"),
    "response-not-allowed": (409, "No response is possible to this review"),
    "report-decided": (409, "The report is already decided"),
    "dual-control": (409, "A second staff member must approve this decision"),
    "illegal-transition": (409, "Not possible in the booking's current state"),
    "guard-rejected": (409, "Not possible at this time"),
    "slot-unavailable": (409, "The slot is already taken"),
    "slot-not-offered": (422, "The provider's calendar does not offer this slot"),
    "quote-expired": (409, "The quote expired; start checkout again"),
    "payment-declined": (402, "The payment was declined"),
    "unknown-payment-method": (422, "Unknown payment method"),
    "payment-not-found": (404, "Not found"),
    "invalid-payment-state": (409, "The payment cannot do that now"),
    "amount-exceeds-limit": (409, "The amount exceeds what the payment allows"),
    "payment-gateway-unavailable": (503, "The payment gateway is unavailable; retry with the same key"),
    "webhook-signature-invalid": (400, "The webhook's signature is missing, wrong or too old"),
    "ledger-error": (409, "The ledger refuses this money event"),
    "ledger-rule-broken": (409, "The amount exceeds what the booking's ledger allows"),
    "payout-frozen": (409, "The payout is frozen while a dispute is open"),
    "refund-exceeds-capture": (409, "The refund is more than the booking still has to give back"),
    "refund-approval": (409, "A second staff member must approve this refund"),
    "session-invalid": (401, "Sign in first"),
    "step-up-required": (401, "Confirm it is you with your second factor"),
    "invalid-credentials": (401, "Wrong email or password"),
    "captcha-required": (401, "Solve the CAPTCHA, then try again"),
    "password-refused": (422, "The password was refused"),
    "invalid-code": (400, "The code is wrong, used or expired"),
    "mfa-not-enrolled": (409, "Set up a second factor first"),
    "mfa-already-enrolled": (409, "A second factor is already set up"),
    "csrf-refused": (403, "Missing or wrong CSRF token"),
    "not-permitted": (403, "Not permitted"),
    "staff-only": (403, "Staff only"),
    "switched-off": (503, "Switched off by an operator for now; try again later"),
    "search-cursor-invalid": (400, "The cursor is not one this search gave out"),
    "search-index-unavailable": (503, "Search is briefly unavailable; try again shortly"),
    "search-index-write-rejected": (503, "The search index refused the change; it is retried"),
    "open-commitments": (409, "Open commitments prevent this"),
    "deletion-unconfirmed": (409, "Download your data export, then confirm the deletion"),
    "hasher-busy": (503, "Busy; try again shortly"),
    "breach-check-unavailable": (503, "The password check is unavailable"),
    "rate-limiter-unavailable": (503, "Sign-in is briefly unavailable; retry after the time given"),
    "login-telemetry-unavailable": (503, "Sign-in is briefly unavailable; retry shortly"),
    "delivery-failed": (502, "The message could not be sent"),
    "invalid-id-token": (401, "The provider's sign-in could not be verified"),
    "oidc-email-unverified": (409, "Sign in with your password first, then link this provider"),
    "media-unsupported-type": (415, "This file type is not accepted"),
    "media-too-large": (413, "The file is too large"),
    "media-too-many-pixels": (422, "The image has too many pixels"),
    "media-corrupt": (422, "The image cannot be read"),
    "media-upload-missing": (409, "Nothing was uploaded yet"),
    "media-state": (409, "Not possible in the media item's current state"),
    "media-original-changed": (409, "The original changed after moderation"),
    "media-upload-rejected": (403, "The upload URL refused this upload"),
    "media-not-public": (404, "Not found"),
    "media-storage-unavailable": (503, "Media storage is unavailable; retry"),
    "conversation-refused": (403, "This thread takes no messages from you"),
    "messaging-restricted": (403, "Your account may not send messages for now"),
    "listings-restricted": (403, "Your profiles cannot be published for now"),
    "captcha-failed": (403, "Solve the CAPTCHA, then send the form again"),
    "takedown-state": (409, "The takedown is not at the step this needs"),
    "not-a-request": (409, "Not a message request waiting for your answer"),
    "attachment-in-use": (409, "This attachment was already posted with a message"),
    "unsubscribe-link-invalid": (400, "This unsubscribe link is not valid"),
    "too-many-conversations": (429, "Too many new conversations today"),
    "too-many-messages": (429, "Too many messages in a short while"),
    "cooled-down": (429, "Messages in this thread are paused for review"),
    "database-unavailable": (503, "The database is briefly unavailable; retry after the time given"),
    "internal-error": (500, "Internal error"),
}
_HTTP_CODES = {
    404: "not-found",
    413: "payload-too-large",
    415: "unsupported-media-type",
    429: "rate-limited",
    400: "malformed-json",
}


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
    # scalars and lists (e.g. the missing items of a profile-incomplete problem) become problem members
    attributes = {k: v for k, v in error.attributes.items() if isinstance(v, str | int | bool | list)}
    response = problem(error.code, error.detail, **attributes)
    retry_after = error.attributes.get("retry_after_s")
    if isinstance(retry_after, int):  # rate limits, a saturated hasher: tell clients when to come back
        response.headers["Retry-After"] = str(retry_after)
    return response


def body_malformed_handler(_request: Request[Any, Any, Any], error: BodyMalformed) -> Response[dict[str, Any]]:
    """Not JSON, or nested too deep (``json-too-deep``): the body never reached a decoder's recursion."""
    return problem(error.code, error.detail)


def body_invalid_handler(_request: Request[Any, Any, Any], error: BodyInvalid) -> Response[dict[str, Any]]:
    """JSON of the wrong shape: every offending field named."""
    return problem("validation-failed", "the request body does not match its schema", errors=error.errors)


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
    log.error("unhandled_error", path=logged_path(request.scope), error=type(error).__name__, exc_info=error)
    return problem("internal-error", "Something went wrong on our side; the request id identifies it.")


EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    DomainError: domain_error_handler,
    BodyMalformed: body_malformed_handler,
    BodyInvalid: body_invalid_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}

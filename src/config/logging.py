"""structlog set-up: JSON lines with the request id, and PII redacted before anything is written."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping, Sequence
from typing import Any

import structlog

from core.messaging.redaction import email_shown, phone_shown

SENSITIVE_KEYS = re.compile(
    r"passw(or)?d|secret|token|authorization|cookie|card|cvc|cvv|^pan$|email|phone|otp|(mfa|reset|verification|recovery)_code",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_CARD = re.compile(r"\b(?:\d[ -]?){13,19}\b")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d ().-]{7,}\d")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+")
REDACTED = "[redacted]"


def redact_text(text: str) -> str:
    """Mask emails (``a***@gmail.com``), card numbers, phone numbers (``+1***1234``) and bearer credentials inside
    free text."""
    text = _EMAIL.sub(lambda found: email_shown(found.group()), text)
    text = _BEARER.sub(r"\1 [redacted]", text)
    text = _CARD.sub("[card]", text)
    return _PHONE.sub(lambda found: phone_shown(found.group()), text)


def _redact(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: REDACTED if SENSITIVE_KEYS.search(str(k)) else _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(v) for v in value]
    return value


def redact_pii(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: sensitive keys are dropped to ``[redacted]``, free text is scrubbed."""
    for key, value in list(event_dict.items()):
        if key in {"timestamp", "level", "logger", "request_id"}:
            continue
        event_dict[key] = REDACTED if SENSITIVE_KEYS.search(key) else _redact(value)
    return event_dict


def _stderr_logger(*_args: Any) -> structlog.PrintLogger:
    """Look ``sys.stderr`` up at each use, so redirected streams (tests, daemons) receive the lines."""
    return structlog.PrintLogger(sys.stderr)


def configure_logging(level: str = "info", json: bool = True, correlate: Sequence[Any] = ()) -> None:
    """Configure structlog (and route stdlib logging through it). Safe to call more than once. ``correlate``
    adds ids to each line (tracing's trace and span ids) after redaction, which would take some hex ids for
    phone numbers."""
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact_pii,
            *correlate,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )

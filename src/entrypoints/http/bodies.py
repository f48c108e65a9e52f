"""Strict request-body validation with cattrs: unknown fields and wrong types become 422 field errors.

Litestar decodes ``data`` for the handler; this hook runs first with a private cattrs converter that
forbids unknown keys and never coerces (``1`` is not a string, ``"1"`` is not a number), so a body that
reaches a handler has exactly the declared shape.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from litestar import Request

from entrypoints.http.problems import problem


class BodyInvalid(Exception):
    """The body failed validation; ``errors`` are ``{"field", "reason"}`` items."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("request body failed validation")
        self.errors = errors


class BodyMalformed(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _strict(kind: type) -> Any:
    def structure(value: Any, _type: Any) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return structure


_converter = cattrs.Converter(forbid_extra_keys=True)
for _kind in (str, int, bool, float):
    _converter.register_structure_hook(_kind, _strict(_kind))


def _join(prefix: str, name: object) -> str:
    if isinstance(name, int):
        return f"{prefix}[{name}]"
    return f"{prefix}.{name}" if prefix else str(name)


def _field_errors(error: BaseException, prefix: str = "") -> list[dict[str, str]]:
    """Flatten cattrs' exception groups into ``{"field": "roles[1]", "reason": ...}`` items."""
    if isinstance(error, ForbiddenExtraKeysError):
        return [{"field": _join(prefix, key), "reason": "unknown field"} for key in sorted(error.extra_fields)]
    if isinstance(error, ClassValidationError | IterableValidationError):
        found: list[dict[str, str]] = []
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            found.extend(_field_errors(inner, _join(prefix, getattr(note, "name", getattr(note, "index", "")))))
        for inner in without:
            found.extend(_field_errors(inner, prefix))
        return found
    if isinstance(error, KeyError):
        return [{"field": prefix, "reason": "required field is missing"}]
    return [{"field": prefix, "reason": str(error) or type(error).__name__}]


def structure_body(raw: bytes, body_type: type) -> Any:
    """Decode and structure ``raw`` as ``body_type``; raise ``BodyMalformed`` or ``BodyInvalid``."""
    try:
        payload = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise BodyMalformed(f"request body is not valid JSON: {error}") from None
    if not isinstance(payload, dict):
        raise BodyInvalid([{"field": "", "reason": "the body must be a JSON object"}])
    try:
        return _converter.structure(payload, body_type)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as error:
        raise BodyInvalid(_field_errors(error)) from None


async def validate_body(request: Request[Any, Any, Any]) -> Any:
    """``before_request`` hook: validate the body of routes whose ``data`` is an attrs class."""
    field = request.route_handler.parsed_data_field
    if field is None or not attrs.has(field.annotation):
        return None
    try:
        structure_body(await request.body(), field.annotation)
    except BodyMalformed as error:
        return problem("malformed-json", error.detail)
    except BodyInvalid as error:
        return problem("validation-failed", "the request body does not match its schema", errors=error.errors)
    return None

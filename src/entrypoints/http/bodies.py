"""Strict request-body validation with cattrs: every body is bounded and typed before Litestar decodes it.

The ``before_request`` hook runs ahead of Litestar's own decoding. It refuses control characters in the path
and query (422), a JSON route's body in any other content type (415: a cross-site form cannot post JSON), a body
nested deeper than ``MAX_DEPTH`` (400, scanned without recursion), then structures it with the strict converter
the CLI shares (``entrypoints/shapes/converter.py``): it forbids unknown keys, never coerces (``1`` is not a
string, ``"1"`` is not a number) and holds every scalar to its range (``entrypoints/shapes/bounds.py``), so a
body that reaches a handler has exactly the declared shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs
from litestar import Request
from litestar.enums import RequestEncodingType

from core.shared.errors import InvalidInput
from core.shared.text import refusal
from entrypoints.http.problems import problem
from entrypoints.shapes.bounds import MAX_DEPTH, MAX_QUERY_VALUE, nesting_depth
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed, structure_body


def refused_query(request: Request[Any, Any, Any]) -> dict[str, str] | None:
    """The first path or query value that is too long or holds control characters (PostgreSQL refuses NUL in
    text, so a NUL in an id would otherwise surface as a 500), as a field error; else ``None``."""
    values = [("path", request.scope["path"])] + [(f"query.{k}", v) for k, v in request.query_params.multi_items()]
    for field, value in values:
        reason = f"at most {MAX_QUERY_VALUE} characters" if len(value) > MAX_QUERY_VALUE else refusal(value)
        if reason is not None:
            return {"field": field[:100], "reason": reason}
    return None


def is_json(media_type: str) -> bool:
    """``application/json`` and the ``application/*+json`` family (merge-patch, problem, ...)."""
    kind, _, subtype = media_type.strip().lower().partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


async def validate_body(request: Request[Any, Any, Any]) -> Any:
    """``before_request`` hook: bound the path and query of every route, and the body of JSON routes."""
    if (refused := refused_query(request)) is not None:
        return problem("validation-failed", "the request's path or query does not match its schema", errors=[refused])
    field = request.route_handler.parsed_data_field
    if field is None:
        return None
    encoding = getattr(field.kwarg_definition, "media_type", RequestEncodingType.JSON)
    if encoding != RequestEncodingType.JSON:
        return None
    raw = await request.body()
    if raw and not is_json(request.content_type[0]):
        return problem("unsupported-media-type", "this route takes application/json", accepts="application/json")
    try:
        if attrs.has(field.annotation):
            structure_body(raw, field.annotation)
        elif nesting_depth(raw) > MAX_DEPTH:  # Litestar decodes the rest itself: never too deep a body
            raise BodyMalformed(f"the JSON nests deeper than {MAX_DEPTH} levels", "json-too-deep")
    except BodyMalformed as error:
        return problem(error.code, error.detail)
    except BodyInvalid as error:
        return problem("validation-failed", "the request body does not match its schema", errors=error.errors)
    return None


@contextmanager
def body_names(names: Mapping[str, str]) -> Iterator[None]:
    """Report a core ``InvalidInput`` under the body's name for its field: with ``{"items": "extras"}``,
    ``items[0]`` becomes ``extras[0]``; an exact name (``override.refund_bps``) may be mapped as a whole."""
    try:
        yield
    except InvalidInput as error:
        field = error.field
        head = field.split("[", 1)[0].split(".", 1)[0]
        if field in names:
            raise InvalidInput(names[field], error.reason) from None
        if head in names:
            raise InvalidInput(names[head] + field[len(head) :], error.reason) from None
        raise

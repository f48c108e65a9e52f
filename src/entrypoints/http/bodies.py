"""Strict request bodies: every body is bounded, decoded and typed once, by the converter the CLI shares.

The ``before_request`` hook refuses what must be refused before any decoding: control characters in the path
and query (422), a JSON route's body in any other content type (415: a cross-site form cannot post JSON), and
an empty body (422). ``StrictBody``, the app's data DTO, then hands the route its ``data``: the body structured
by the strict converter (``entrypoints/shapes/converter.py``), which scans the depth before decoding (400 past
``MAX_DEPTH``, without recursion), forbids unknown keys, never coerces (``1`` is not a string, ``"1"`` is not a
number) and holds every scalar to its range (``entrypoints/shapes/bounds.py``), so a body that reaches a handler
has exactly the declared shape. Its errors become problems in ``problems.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs
from litestar import Request
from litestar.dto import AbstractDTO
from litestar.enums import RequestEncodingType
from litestar.exceptions import ImproperlyConfiguredException
from litestar.openapi.spec import Reference, Schema
from litestar.typing import FieldDefinition

from core.shared.errors import InvalidInput
from core.shared.text import refusal
from entrypoints.http.problems import problem
from entrypoints.shapes.bounds import MAX_QUERY_VALUE
from entrypoints.shapes.converter import NOT_AN_OBJECT, structure_body

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator


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
    """``before_request`` hook: bound the path and query of every route, and refuse a JSON route's body that is
    not JSON, or empty (Litestar would not hand an empty body to ``StrictBody``)."""
    if (refused := refused_query(request)) is not None:
        return problem("validation-failed", "the request's path or query does not match its schema", errors=[refused])
    if request.route_handler.parsed_data_field is None:
        return None
    raw = await request.body()  # kept by Litestar: the DTO reads the same bytes
    if not raw:
        return problem("validation-failed", "the request body does not match its schema", errors=[NOT_AN_OBJECT])
    if not is_json(request.content_type[0]):
        return problem("unsupported-media-type", "this route takes application/json", accepts="application/json")
    return None


class StrictBody(AbstractDTO[Any]):
    """The app's data DTO: a route's ``data`` is its JSON body, decoded and structured once by the strict
    converter (``structure_body``), which raises ``BodyMalformed`` or ``BodyInvalid`` (problems, in
    ``problems.py``). Set for request data only: answers are encoded as without a DTO.

    Litestar's transfer models are never built: the converter reads the attrs class itself, and the OpenAPI
    document describes that class, as it would without a DTO."""

    @classmethod
    def create_for_field_definition(cls, field_definition: FieldDefinition, handler_id: str,
                                    backend_cls: Any = None) -> None:  # fmt: skip
        """At start-up, for each route with a body: a body is a JSON attrs class (nothing else is bounded)."""
        media_type = getattr(field_definition.kwarg_definition, "media_type", RequestEncodingType.JSON)
        if not attrs.has(field_definition.annotation) or media_type != RequestEncodingType.JSON:
            raise ImproperlyConfiguredException(f"{handler_id}: a request body is a JSON attrs class")

    @classmethod
    def create_openapi_schema(cls, field_definition: FieldDefinition, handler_id: str,
                              schema_creator: SchemaCreator) -> Reference | Schema:  # fmt: skip
        return schema_creator.for_field_definition(field_definition)

    def decode_bytes(self, value: bytes) -> Any:
        field = self.asgi_connection.route_handler.parsed_data_field
        return structure_body(value, field.annotation)


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

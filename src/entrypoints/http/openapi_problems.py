"""The problems each route can answer, written into the OpenAPI document so that clients (and the fuzzer) see them.

Litestar documents only a route's success and a generic 400 of its own shape. Every error here is RFC 9457
problem+json (``entrypoints.http.problems``), and which statuses a route can answer follows from what it takes:
every route can be refused (422: a path or query that breaks its schema) or find a peer down (503); a body
adds 400 (not JSON), 413 and 415; a path parameter adds 404; a caller adds 401 (no live session) and, on a
write, 403 (CSRF). What only some routes answer (a slot taken: 409, a declined card: 402, a rate limit: 429) is
declared beside the route as ``problems=("slot-unavailable", ...)``: problem codes, whose status comes from
``PROBLEMS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus

import attrs
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.routes import HTTPRoute

from entrypoints.http.problems import PROBLEM_JSON, PROBLEMS

CALLERS = frozenset({"current_user", "viewer"})  # the dependencies that read a session (caller.py)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@attrs.frozen
class Problem:
    """RFC 9457 problem details: ``type`` is /problems/{code}; some problems add members (errors, retry ...)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    request_id: str | None = None


def problems_of(handler: HTTPRouteHandler, path: str, method: str) -> dict[int, set[str]]:
    """What a route can answer besides success, by status: from what it takes, plus what it declares."""
    taken = set(handler.parsed_fn_signature.parameters)  # by name: a dependency is asked for by its name
    found: dict[int, set[str]] = {422: {"validation-failed"}, 503: set()}
    if "data" in taken:
        found |= {400: {"malformed-json"}, 413: {"payload-too-large"}, 415: {"unsupported-media-type"}}
    elif "{" in path or taken - {"request", "scope"}:
        found[400] = set()  # in place of Litestar's own 400 (its shape is not ours)
    if "{" in path:
        found[404] = {"not-found"}
    if taken & CALLERS:
        found[401] = {"session-invalid"}
        if method in UNSAFE:
            found[403] = {"csrf-refused"}
    declared: Iterable[str] = handler.opt.get("problems", ())
    if isinstance(declared, str):
        raise TypeError(f"{handler}: problems= takes a tuple of problem codes, not one string")
    for code in declared:
        found.setdefault(PROBLEMS[code][0], set()).add(code)
    return found


def _spec(status: int, codes: set[str]) -> ResponseSpec:
    named = f" ({', '.join(sorted(codes))})" if codes else ""
    description = HTTPStatus(status).phrase + named
    return ResponseSpec(Problem, description=description, media_type=PROBLEM_JSON, generate_examples=False)


def document_problems(app: Litestar) -> None:
    """Give each route's handlers their problem responses (cheap: the document itself is built on first read)."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            problems: dict[int, set[str]] = {}
            for method in handler.http_methods:
                for status, codes in problems_of(handler, route.path_format, method).items():
                    problems.setdefault(status, set()).update(codes)
            declared = {status: spec for status, spec in (handler.responses or {}).items() if status not in problems}
            handler.responses = {**{status: _spec(status, problems[status]) for status in sorted(problems)}, **declared}

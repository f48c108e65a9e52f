"""OpenAPI links: what a client can do next with what an answer created (create -> read -> update).

A link tells a client (and schemathesis' stateful phase, which follows links to chain real calls) that the id in one
operation's success answer fills a path parameter of another: the profile ``POST /api/profiles`` created is the
one ``GET /api/profiles/{profile_id}`` reads and ``PATCH`` changes. Targets are named by method and path and
written as ``operationRef`` JSON pointers, so they follow the routes rather than generated operation ids.

``document_links`` checks every link against the app's routes when the app is built: a link to a route that does
not exist, or that fills a path parameter the target does not have, is a startup error, not a silent dead link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import attrs
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import Link, Operation
from litestar.routes import HTTPRoute

_PARAMETER = re.compile(r"{(\w+)(?::\w+)?}")


@attrs.frozen
class Next:
    """A follow-up: call `method path` with each path parameter taken from the answer (a runtime expression)."""

    method: str
    path: str
    parameters: Mapping[str, str]

    def name(self) -> str:
        words = [part for part in re.split(r"[/{}_-]+", self.path.removeprefix("/api/")) if part]
        return self.method.title() + "".join(word.title() for word in words)


def _each(parameters: Mapping[str, str], *calls: tuple[str, str]) -> tuple[Next, ...]:
    return tuple(Next(method, path, parameters) for method, path in calls)


_PROFILE = {"profile_id": "$response.body#/id"}
_SERVICE = {"service_id": "$response.body#/id"}
_MEDIA = {"media_id": "$response.body#/media_id"}
_BOOKING = {"booking_id": "$response.body#/id"}
_THREAD = {"thread_id": "$response.body#/thread/id"}
_REPORT = {"report_id": "$response.body#/id"}
_TAKEDOWN = {"takedown_id": "$response.body#/id"}
_THREAD_PATH = "/api/messages/thread/{thread_id}"

# (method, path of the operation whose success answer carries the id) -> what may follow
LINKS: dict[tuple[str, str], tuple[Next, ...]] = {
    ("POST", "/api/profiles"): _each(
        _PROFILE,
        ("GET", "/api/profiles/{profile_id}"),
        ("PATCH", "/api/profiles/{profile_id}"),
        ("GET", "/api/profiles/{profile_id}/onboarding"),
        ("PUT", "/api/profiles/{profile_id}/onboarding/step"),
        ("GET", "/api/profiles/{profile_id}/schedule"),
        ("PUT", "/api/profiles/{profile_id}/schedule"),
        ("POST", "/api/profiles/{profile_id}/services"),
        ("POST", "/api/profiles/{profile_id}/media"),
        ("POST", "/api/profiles/{profile_id}/publish"),
        ("GET", "/api/profiles/{profile_id}/public"),
    ),
    ("POST", "/api/profiles/{profile_id}/services"): _each(
        _SERVICE,
        ("GET", "/api/services/{service_id}"),
        ("PATCH", "/api/services/{service_id}"),
        ("GET", "/api/services/{service_id}/instant-book"),
        ("PUT", "/api/services/{service_id}/instant-book"),
    ),
    ("POST", "/api/profiles/{profile_id}/media"): _each(
        _MEDIA, ("POST", "/api/media/{media_id}/complete"), ("PATCH", "/api/media/{media_id}")
    ),
    ("POST", "/api/checkout/confirm"): _each(
        _BOOKING,
        ("GET", "/api/bookings/{booking_id}"),
        ("POST", "/api/bookings/{booking_id}/accept"),
        ("POST", "/api/bookings/{booking_id}/cancel"),
        ("GET", "/api/bookings/{booking_id}/reviews"),
    ),
    ("POST", "/api/messages/threads"): _each(
        _THREAD,
        ("GET", _THREAD_PATH),
        ("POST", _THREAD_PATH),
        ("POST", _THREAD_PATH + "/read"),
        ("POST", _THREAD_PATH + "/archive"),
        ("POST", _THREAD_PATH + "/mute"),
    ),
    ("POST", _THREAD_PATH): _each(_THREAD, ("GET", _THREAD_PATH), ("POST", _THREAD_PATH + "/read")),
    ("GET", "/api/messages/inbox"): _each({"thread_id": "$response.body#/threads/0/id"}, ("GET", _THREAD_PATH)),
    ("POST", "/api/reports"): _each(
        _REPORT,
        ("GET", "/api/staff/reports/{report_id}"),
        ("POST", "/api/staff/reports/{report_id}/assign"),
        ("POST", "/api/staff/reports/{report_id}/decide"),
    ),
    ("POST", "/api/takedowns"): _each(
        _TAKEDOWN,
        ("GET", "/api/staff/takedowns/{takedown_id}"),
        ("POST", "/api/staff/takedowns/{takedown_id}/acknowledge"),
        ("POST", "/api/staff/takedowns/{takedown_id}/act"),
        ("POST", "/api/staff/takedowns/{takedown_id}/approve"),
    ),
    ("POST", "/api/profiles/{profile_id}/verifications"): _each(
        {"request_id": "$response.body#/id"},
        ("POST", "/api/verifications/{request_id}/approve"),
        ("POST", "/api/verifications/{request_id}/reject"),
    ),
    ("POST", "/api/staff/bookings/{booking_id}/refunds"): _each(
        {"booking_id": "$response.body#/bookingId", "seq": "$response.body#/seq"},
        ("POST", "/api/staff/bookings/{booking_id}/refunds/{seq}/approve"),
    ),
}


def operation_ref(method: str, path: str) -> str:
    """The URI fragment of an operation in this document: a JSON pointer (``~1`` escapes ``/``), percent-encoded
    as a fragment must be (``{`` is ``%7B``; RFC 6901, section 6)."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return "#/paths/" + quote(pointer, safe="~") + "/" + method.lower()


def _linking(follow_ups: tuple[Next, ...]) -> type[Operation]:
    """An ``Operation`` whose first success answer carries `follow_ups` as links (Litestar builds it per handler)."""

    @dataclass
    class LinkedOperation(Operation):
        def __post_init__(self) -> None:
            success = next((status for status in self.responses or {} if status.startswith("2")), None)
            if success is None or self.responses is None:
                return
            answer: Any = self.responses[success]
            answer.links = {
                follow_up.name(): Link(
                    operation_ref=operation_ref(follow_up.method, follow_up.path),
                    parameters=dict(follow_up.parameters),
                )
                for follow_up in follow_ups
            }

    return LinkedOperation


def document_links(app: Litestar, links: Mapping[tuple[str, str], tuple[Next, ...]] = LINKS) -> None:
    """Give each linking route's operation its links; raise ValueError on a link that names no real route."""
    handlers: dict[tuple[str, str], HTTPRouteHandler] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                handlers |= {(method, route.path_format): handler for method in handler.http_methods}
    for source, follow_ups in links.items():
        if source not in handlers:
            raise ValueError(f"OpenAPI link from {' '.join(source)}: no such route")
        for follow_up in follow_ups:
            if (follow_up.method, follow_up.path) not in handlers:
                raise ValueError(f"OpenAPI link to {follow_up.method} {follow_up.path}: no such route")
            wanted = set(_PARAMETER.findall(follow_up.path))
            if set(follow_up.parameters) != wanted:
                raise ValueError(f"OpenAPI link to {follow_up.path} fills {sorted(follow_up.parameters)}: {wanted}")
        handlers[source].operation_class = _linking(follow_ups)

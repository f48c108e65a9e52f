"""The request body is decoded and structured once, by the strict converter: ``StrictBody`` is every route's
data DTO, and what it makes is what the route receives."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs
import pytest
from litestar import Litestar, post
from litestar.exceptions import ImproperlyConfiguredException
from litestar.params import JSONBody
from litestar.testing import TestClient

from config.container import build_container
from config.settings import Settings
from entrypoints.http.app import create_app
from entrypoints.http.bodies import StrictBody, validate_body
from entrypoints.http.problems import EXCEPTION_HANDLERS
from entrypoints.shapes.bounds import Prose
from entrypoints.shapes.converter import NOT_AN_OBJECT


class Mood(StrEnum):  # a ``str`` subclass: cattrs hands it the ``str`` hook first
    CALM = "calm"


@attrs.frozen
class Note:
    text: Prose
    weight: float = 1.0
    tags: tuple[str, ...] = ()
    mood: Mood | None = None


@post("/notes", sync_to_thread=False)
def echo(data: JSONBody[Note]) -> dict[str, Any]:
    return {name: type(value).__name__ for name, value in {"note": data, **attrs.asdict(data, recurse=False)}.items()}


def test_every_route_with_a_body_takes_it_from_the_strict_body_dto_and_answers_without_one() -> None:
    app = create_app(build_container(Settings(database_url="sqlite://")))
    handlers = [h for route in app.routes for h in getattr(route, "route_handlers", []) if h.parsed_data_field]
    assert len(handlers) >= 30
    assert all(h.resolve_data_dto() is StrictBody and h.resolve_return_dto() is None for h in handlers)


def test_the_route_receives_the_converters_object_and_its_errors_are_problems() -> None:
    app = Litestar([echo], dto=StrictBody, return_dto=None, before_request=validate_body,
                   exception_handlers=EXCEPTION_HANDLERS)  # fmt: skip
    with TestClient(app) as client:
        made = client.post("/notes", json={"text": "hi", "weight": 2, "tags": ["a"], "mood": "calm"})
        assert made.json() == {"note": "Note", "text": "str", "weight": "float", "tags": "tuple", "mood": "Mood"}
        unknown = client.post("/notes", json={"text": "hi", "colour": "red"})
        assert unknown.status_code == 422
        assert unknown.json()["errors"] == [{"field": "colour", "reason": "unknown field"}]
        coerced = client.post("/notes", json={"text": 1})  # never coerced to a string
        assert coerced.status_code == 422 and coerced.json()["errors"][0]["field"] == "text"
        deep = client.post("/notes", content=b"[" * 5000, headers={"content-type": "application/json"})
        assert deep.status_code == 400 and deep.json()["type"] == "/problems/json-too-deep"
        empty = client.post("/notes", content=b"", headers={"content-type": "application/json"})
        assert empty.status_code == 422 and empty.json()["errors"] == [NOT_AN_OBJECT]


def test_a_body_that_is_no_json_attrs_class_is_refused_at_start_up() -> None:
    @post("/loose", sync_to_thread=False)
    def loose(data: dict[str, Any]) -> None: ...

    with pytest.raises(ImproperlyConfiguredException, match="a request body is a JSON attrs class"):
        Litestar([loose], dto=StrictBody, return_dto=None)

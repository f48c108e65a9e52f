"""The edges' cattrs converter. Request bodies (HTTP and CLI files) are structured strictly: exact types, the ranges
of ``bounds.py``, flat field errors. Answers (HTTP and CLI output, the account export) are unstructured to JSON-ready
data: ISO 8601 dates and instants, durations in seconds, enums by value, tuples and sets as lists."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence, Set
from datetime import date, datetime, timedelta
from enum import Enum, IntEnum, StrEnum
from functools import cache
from typing import Annotated, Any, get_args, get_origin

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from entrypoints.shapes.bounds import (
    INT,
    LINE,
    MAX_DEPTH,
    Range,
    Text,
    checked_float,
    checked_int,
    checked_text,
    nesting_depth,
)

MAX_REASON = 200  # a field error never echoes a long value back
MAX_ERRORS = 20  # nor a thousand unknown keys one by one
NOT_AN_OBJECT = {"field": "", "reason": "the body must be a JSON object"}  # an array, a scalar, or nothing


class BodyMalformed(Exception):
    """The body is no JSON object's text, or nests too deep; ``code`` names the problem type."""

    def __init__(self, detail: str, code: str = "malformed-json") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class BodyInvalid(Exception):
    """The body failed validation; ``errors`` are ``{"field", "reason"}`` items."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("request body failed validation")
        self.errors = errors


def _exactly(kind: type, value: Any) -> None:
    # ``bool`` is an ``int`` subclass, and ``1`` is no string: compare types, never isinstance
    if type(value) is not kind and not (kind is float and type(value) is int):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")


def _int(bound: Range) -> Callable[[Any, Any], int]:
    def structure(value: Any, _type: Any) -> int:
        _exactly(int, value)
        return checked_int(value, bound)

    return structure


def _text(bound: Text) -> Callable[[Any, Any], str]:
    def structure(value: Any, _type: Any) -> str:
        _exactly(str, value)
        return checked_text(value, bound)

    return structure


def _float(value: Any, _type: Any) -> float:
    _exactly(float, value)
    return checked_float(value)


def _bool(value: Any, _type: Any) -> bool:
    _exactly(bool, value)
    return bool(value)


def _enum(kind: type[Enum]) -> Callable[[Any, Any], Enum]:
    values = {member.value: member for member in kind}
    kinds = {type(v) for v in values}  # exact: ``True`` is no ``1``, ``"1"`` no ``1``
    allowed = ", ".join(str(v) for v in values)

    def structure(value: Any, _type: Any) -> Enum:
        if type(value) not in kinds or value not in values:  # the reason lists the values, never echoes the input
            raise ValueError(f"must be one of: {allowed}")
        return values[value]

    return structure


def _annotated(annotated: Any) -> Callable[[Any, Any], Any]:
    base, *metadata = get_args(annotated)
    bound = next((m for m in metadata if isinstance(m, Range | Text)), None)
    if isinstance(bound, Range) and base is int:
        return _int(bound)
    if isinstance(bound, Text) and base is str:
        return _text(bound)
    return _converter.get_structure_hook(base)


def _scalar(kind: type, structure: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``structure`` for ``kind``; cattrs also hands this hook ``kind``'s subclasses, among them the enums with
    ``str`` or ``int`` values (``StrEnum``), which are structured as enums."""
    enums = cache(_enum)

    def hook(value: Any, target: Any) -> Any:
        if target is not kind and issubclass(target, Enum):
            return enums(target)(value, target)
        return structure(value, target)

    return hook


_converter = cattrs.Converter(forbid_extra_keys=True, unstruct_collection_overrides={Sequence: list, Set: list})
_converter.register_structure_hook(int, _scalar(int, _int(INT)))
_converter.register_structure_hook(str, _scalar(str, _text(LINE)))
_converter.register_structure_hook(float, _float)
_converter.register_structure_hook(bool, _bool)
_converter.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, Enum), _enum)
_converter.register_structure_hook_factory(lambda t: get_origin(t) is Annotated, _annotated)
_converter.register_unstructure_hook(StrEnum, lambda member: member.value)  # else cattrs' ``str`` hook: the member
_converter.register_unstructure_hook(IntEnum, lambda member: member.value)
_converter.register_unstructure_hook(datetime, datetime.isoformat)
_converter.register_unstructure_hook(date, date.isoformat)
_converter.register_unstructure_hook(timedelta, timedelta.total_seconds)


def _join(prefix: str, name: object) -> str:
    if isinstance(name, int):
        return f"{prefix}[{name}]"
    return f"{prefix}.{name}" if prefix else str(name)


def _field_errors(error: BaseException, prefix: str = "") -> list[dict[str, str]]:
    """Flatten cattrs' exception groups into ``{"field": "roles[1]", "reason": ...}`` items."""
    if isinstance(error, ForbiddenExtraKeysError):
        return [{"field": _join(prefix, key)[:100], "reason": "unknown field"} for key in sorted(error.extra_fields)]
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
    return [{"field": prefix, "reason": (str(error) or type(error).__name__)[:MAX_REASON]}]


def unstructured(value: Any) -> Any:
    """``value`` (an attrs instance, a list or dict of them, ...) as dicts, lists, strings and numbers."""
    return _converter.unstructure(value)


def structured(payload: dict[str, Any], body_type: type) -> Any:
    """``payload`` (decoded JSON) as ``body_type``; ``BodyInvalid`` names every offending field."""
    try:
        return _converter.structure(payload, body_type)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as error:
        raise BodyInvalid(_field_errors(error)[:MAX_ERRORS]) from None


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not JSON")  # Python's decoder would accept NaN and Infinity


def structure_body(raw: bytes, body_type: type) -> Any:
    """Decode and structure ``raw`` as ``body_type``; raise ``BodyMalformed`` or ``BodyInvalid``."""
    if nesting_depth(raw) > MAX_DEPTH:
        raise BodyMalformed(f"the JSON nests deeper than {MAX_DEPTH} levels", "json-too-deep")
    try:
        payload = json.loads(raw or b"null", parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError) as error:
        raise BodyMalformed(f"request body is not valid JSON: {str(error)[:200]}") from None
    if not isinstance(payload, dict):
        raise BodyInvalid([NOT_AN_OBJECT])
    return structured(payload, body_type)

"""SearchDocument <-> the JSON of a ``search_people`` row, with a private cattrs converter."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import cattrs

from core.search.documents import SearchDocument

_converter = cattrs.Converter(forbid_extra_keys=True)
_converter.register_unstructure_hook(datetime, lambda value: value.astimezone(UTC).isoformat())
_converter.register_structure_hook(datetime, lambda value, _type: datetime.fromisoformat(value).astimezone(UTC))
_converter.register_unstructure_hook(date, lambda value: value.isoformat())
_converter.register_structure_hook(date, lambda value, _type: date.fromisoformat(value))


def document_json(document: SearchDocument) -> str:
    return json.dumps(_converter.unstructure(document), separators=(",", ":"), sort_keys=True)


def document_from(payload: str) -> SearchDocument:
    return _converter.structure(json.loads(payload), SearchDocument)


def delimited(values: tuple[str, ...]) -> str:
    """``("a", "b")`` -> ``"|a|b|"``: any one value is found with ``LIKE '%|a|%'`` on every database."""
    return f"|{'|'.join(values)}|" if values else ""

"""A full rebuild behind the alias: build ``people_<n+1>`` while ``people`` keeps answering, move the alias in
one call (queries never see a half-built collection), carry over what changed meanwhile, drop the old one.

What changed meanwhile: the outbox's indexer kept writing through the alias, so the old collection holds every
record written after the rebuild began (versions are instants, so those carry a higher version than the
rebuild's start) and every tombstone. Both are carried into the new collection with the usual version check,
after the alias moved, so a write landing in between is not lost either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from adapters.typesense.search import TypesenseSearchIndex, answering

T = TypeVar("T")
CARRY_BATCH = 500


def next_collection(alias: str, current: str) -> str:
    """``people_3`` after ``people_2``; ``people_2`` after a name without a number."""
    suffix = current.rsplit("_", 1)[-1] if current.startswith(f"{alias}_") else ""
    return f"{alias}_{int(suffix) + 1 if suffix.isdigit() else 2}"


def _export(index: TypesenseSearchIndex, collection: str, filter_by: str) -> list[dict[str, Any]]:
    with answering():
        text = index.client.collections[collection].documents.export({"filter_by": filter_by})
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def carry(into: TypesenseSearchIndex, records: list[dict[str, Any]]) -> int:
    """Write each record unless ``into`` holds the same or a newer version of its id; how many were written."""
    written = 0
    for rec in records:
        with into.lock(rec["id"]):
            stored = into.stored(rec["id"])
            if stored is None or int(stored["source_version"]) < int(rec["source_version"]):
                into.write([rec])
                written += 1
    return written


def rebuild_behind_alias(index: TypesenseSearchIndex, started: int, build: Callable[[TypesenseSearchIndex], T]) -> T:
    """Run ``build`` on a new collection (``started``: a source version no later than the build's first write),
    point the alias at it, carry over what was written meanwhile, and drop the old collection."""
    old = index.ensure()
    name = next_collection(index.alias, old)
    with answering():
        if name in index.client.collections:  # a rebuild that died before its swap: start it over
            index.client.collections[name].delete()
    index.create_collection(name)
    built = build(TypesenseSearchIndex(index.client, alias=index.alias, collection=name, sole_writer=True))
    target = TypesenseSearchIndex(index.client, alias=index.alias, collection=name)
    with answering():
        index.client.aliases.upsert(index.alias, {"collection_name": name})
    late = _export(index, old, f"source_version:>{started} || listed:false")
    carry(target, late)
    with answering():
        index.client.collections[old].delete()
    return built

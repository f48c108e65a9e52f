"""A bulk write done one document at a time: the ``write_many`` of an index without a bulk path of its own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.search.documents import SearchDocument
from core.search.ports import SearchIndex, Written


def write_each(index: SearchIndex, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
    """``index.upsert`` each document and ``index.delete`` each id, in order; what changed."""
    upserted = frozenset(document.id for document in documents if index.upsert(document))
    deleted = frozenset(document_id for document_id, version in deletions.items() if index.delete(document_id, version))
    return Written(upserted, deleted)

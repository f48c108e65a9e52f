"""The in-memory SynonymStore: the contract's reference, for unit tests."""

from __future__ import annotations

import threading
from datetime import datetime

from core.search.synonyms import Synonym


class InMemorySynonymStore:
    def __init__(self) -> None:
        self._synonyms: dict[str, Synonym] = {}
        self._lock = threading.Lock()

    def all(self) -> list[Synonym]:
        with self._lock:
            return [self._synonyms[term] for term in sorted(self._synonyms)]

    def save(self, synonym: Synonym, at: datetime) -> None:
        with self._lock:
            self._synonyms[synonym.term] = synonym

    def delete(self, term: str) -> bool:
        with self._lock:
            return self._synonyms.pop(term, None) is not None

"""Synonyms as data operators edit (``photog`` -> photographer, ``mua`` -> makeup artist, ``la`` -> los-angeles),
and how a query's words expand with them. Pure.

A synonym is one-way: a query word equal to its ``term`` also matches any of its ``expansions`` (each one or more
words, all required, each a prefix like any query word). Terms and expansions are stored normalised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

import attrs

from core.search.documents import normalised
from core.shared.errors import InvalidInput

MAX_TERM_CHARS, MAX_EXPANSIONS, MAX_EXPANSION_WORDS = 40, 10, 4
Alternatives = tuple[tuple[str, ...], ...]  # a query word's ways to match: itself, or an expansion's words


@attrs.frozen
class Synonym:
    term: str  # one normalised word
    expansions: tuple[str, ...]  # normalised phrases, sorted

    @classmethod
    def validated(cls, term: str, expansions: Iterable[str]) -> Synonym:
        """Normalised; raises ``InvalidInput`` naming ``term`` or ``expansions``."""
        word = term_of(term)
        phrases = sorted({p for e in expansions if (p := normalised(e)) and p != word})
        if not phrases or len(phrases) > MAX_EXPANSIONS:
            raise InvalidInput("expansions", f"1 to {MAX_EXPANSIONS} phrases other than the term")
        if any(len(p.split()) > MAX_EXPANSION_WORDS or len(p) > 2 * MAX_TERM_CHARS for p in phrases):
            raise InvalidInput("expansions", f"at most {MAX_EXPANSION_WORDS} words each")
        return cls(word, tuple(phrases))


def term_of(term: str) -> str:
    """``term`` normalised; raises ``InvalidInput("term")`` unless it is one word."""
    word = normalised(term)
    if not word or " " in word or len(word) > MAX_TERM_CHARS:
        raise InvalidInput("term", f"one word of letters and digits, at most {MAX_TERM_CHARS} characters")
    return word


def relevant(words: Sequence[str], synonyms: Iterable[Synonym]) -> tuple[Synonym, ...]:
    """The synonyms whose term is one of ``words`` (what a query carries to the index)."""
    asked = set(words)
    return tuple(sorted((s for s in synonyms if s.term in asked), key=lambda s: s.term))


def alternatives(words: Sequence[str], synonyms: Sequence[Synonym]) -> tuple[Alternatives, ...]:
    """Per query word, the ways it may match: the word itself, then each expansion's words."""
    by_term = {synonym.term: synonym.expansions for synonym in synonyms}
    return tuple(((word,), *(tuple(p.split()) for p in by_term.get(word, ()))) for word in words)


def _prefixed(word: str, text_words: Sequence[str]) -> bool:
    return any(candidate.startswith(word) for candidate in text_words)


def matches_alternatives(groups: Sequence[Alternatives], text: str) -> bool:
    """Every query word matches ``text`` one of its ways (every word of that way a prefix of a word of it)."""
    words = text.split()
    return all(any(all(_prefixed(w, words) for w in way) for way in group) for group in groups)


def whole_share(groups: Sequence[Alternatives], text: str) -> float:
    """The share of query words matched one of their ways by whole words (relevance's finer half)."""
    if not groups:
        return 1.0
    whole = set(text.split())
    return sum(any(set(way) <= whole for way in group) for group in groups) / len(groups)


@attrs.define
class CachedSynonyms:
    """The synonyms a query uses, read from ``read`` (the store) at most once per ``ttl``: an operator's edit
    reaches every process within it without a read per query."""

    read: Callable[[], Sequence[Synonym]]
    now: Callable[[], datetime]
    ttl: timedelta = timedelta(seconds=5)
    _kept: tuple[datetime, tuple[Synonym, ...]] | None = attrs.field(default=None, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def __call__(self) -> tuple[Synonym, ...]:
        now = self.now()
        with self._lock:
            if self._kept is not None and now - self._kept[0] < self.ttl:
                return self._kept[1]
        synonyms = tuple(self.read())
        with self._lock:
            self._kept = (now, synonyms)
        return synonyms

    def forget(self) -> None:
        """Read the store again at the next call (this process has just edited it)."""
        with self._lock:
            self._kept = None

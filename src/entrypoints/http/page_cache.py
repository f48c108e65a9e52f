"""HTTP caching of public pages (the plan's cache matrix, NTB-CACHE-001), and the rendered pages kept per worker.

- a published page or its JSON: ``public, max-age=60, stale-while-revalidate=300``, a strong ETag of what it
  shows, no ``Vary``: it is the same for everyone (its read never looks at the session);
- an owner's (or staff's) preview of an unpublished page: ``private, no-store``, ``Vary: Authorization, Cookie``;
- a 404: ``no-store``, ``Vary: Authorization, Cookie`` (the owner would have seen a preview).

An ``If-None-Match`` that names the current ETag (or ``*``) is answered 304 before anything is rendered.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache

PUBLIC_MAX_AGE_S = 60
PUBLIC_STALE_S = 300
PUBLIC = f"public, max-age={PUBLIC_MAX_AGE_S}, stale-while-revalidate={PUBLIC_STALE_S}"
SESSION_VARY = "Authorization, Cookie"
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "Vary": SESSION_VARY}
MISSING_HEADERS = {"Cache-Control": "no-store", "Vary": SESSION_VARY}
KEPT = 512  # rendered answers kept per worker (each a few kB)
AVAILABILITY_KEPT = 128  # availability answers kept per worker (up to some 60 kB each)


def etag_of(tag: str) -> str:
    return f'"{tag}"'


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, RFC 9110 13.1.2) or is ``*``."""
    if not if_none_match:
        return False
    names = [name.strip().removeprefix("W/") for name in if_none_match.split(",")]
    return "*" in names or etag in names


class RenderedAnswers:
    """Rendered bodies by (kind, tag): a tag names everything an answer shows, so a hit is always true."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._bodies: OrderedDict[tuple[str, Hashable], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def kept(self, kind: str, tag: Hashable) -> bytes | None:
        """The body kept by (kind, tag), if any (nothing rendered)."""
        with self._lock:
            return self._bodies.get((kind, tag))

    def body(self, kind: str, tag: Hashable, render: Callable[[], bytes]) -> bytes:
        key = (kind, tag)
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        rendered = render()
        with self._lock:
            self._bodies[key] = rendered
            if len(self._bodies) > self._kept:
                self._bodies.popitem(last=False)
        return rendered


@cache
def rendered_answers() -> RenderedAnswers:
    """The worker's rendered answers (made on first use)."""
    return RenderedAnswers()


@cache
def availability_answers() -> RenderedAnswers:
    """The worker's encoded availability answers, by the key of what they were computed from (apart from the
    public pages': a popular profile's answers change every second and would push the pages out)."""
    return RenderedAnswers(AVAILABILITY_KEPT)

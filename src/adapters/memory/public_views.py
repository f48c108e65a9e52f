"""``PublicViews`` in memory: the fake the unit tests and the contract trust."""

from __future__ import annotations

import threading

from core.pages.views import PublicView, StoredView


class InMemoryPublicViews:
    """Rows as ``[generation, built_generation, view]`` per profile id (thread-safe)."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[int, int | None, PublicView | None]] = {}
        self._lock = threading.Lock()

    def find(self, *, profile_id: str | None = None, slug: str | None = None) -> StoredView | None:
        with self._lock:
            if profile_id is not None:
                keys = [profile_id] if profile_id in self._rows else []
            else:
                keys = [k for k, (_, _, v) in self._rows.items() if v is not None and v.page.slug == slug]
                keys.sort(key=lambda k: self._rows[k][0] != self._rows[k][1])
            if not keys:
                return None
            generation, built, view = self._rows[keys[0]]
        return StoredView(keys[0], generation, view, built == generation)

    def generation_of(self, profile_id: str) -> int:
        with self._lock:
            return self._rows.get(profile_id, (0, None, None))[0]

    def invalidate(self, profile_id: str) -> None:
        with self._lock:
            generation, built, view = self._rows.get(profile_id, (0, None, None))
            self._rows[profile_id] = (generation + 1, built, view)

    def save(self, view: PublicView, generation: int) -> bool:
        with self._lock:
            current = self._rows.get(view.profile_id, (0, None, None))[0]
            if current != generation:
                return False
            self._rows[view.profile_id] = (generation, generation, view)
            return True

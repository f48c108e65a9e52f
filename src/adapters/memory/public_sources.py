"""Sources of the public page for contexts that have not landed (honestly empty), and in-memory twins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from core.profiles.public import DayAvailability, PortfolioItem, PublicReview, ReviewStats


class EmptyPortfolioGallery:
    """Until the media context lands: no approved images are known, so the page shows none."""

    def approved_items(self, profile_id: str) -> list[PortfolioItem]:
        return []

    def approved_items_of(self, profile_ids: Sequence[str]) -> dict[str, list[PortfolioItem]]:
        return {profile_id: [] for profile_id in profile_ids}


class UnknownAvailability:
    """Until the calendar's schedule store lands: the page says the preview is not available yet."""

    def next_days(self, profile_id: str, days: int, now: datetime) -> list[DayAvailability] | None:
        return None


@attrs.frozen
class GalleryEntry:
    """One media item as the media context would hold it: approved or not, with its public variant URL."""

    url: str
    approved: bool
    caption: str = ""


class InMemoryPortfolioGallery:
    """Holds entries of every moderation state and serves only the approved ones (the port's contract)."""

    def __init__(self) -> None:
        self._entries: dict[str, list[GalleryEntry]] = {}

    def put(self, profile_id: str, entries: list[GalleryEntry]) -> None:
        self._entries[profile_id] = list(entries)

    def approved_items(self, profile_id: str) -> list[PortfolioItem]:
        return [PortfolioItem(e.url, e.caption) for e in self._entries.get(profile_id, []) if e.approved]

    def approved_items_of(self, profile_ids: Sequence[str]) -> dict[str, list[PortfolioItem]]:
        return {profile_id: self.approved_items(profile_id) for profile_id in profile_ids}


class InMemoryReviewsSummary:
    """Stats and latest reviews put in by a test (the reviews context's ``StoredReviewsSummary`` is the real one)."""

    def __init__(self, stats: dict[str, ReviewStats] | None = None) -> None:
        self._stats = dict(stats or {})
        self.latest: dict[str, list[PublicReview]] = {}

    def summary_of(self, profile_id: str) -> ReviewStats | None:
        return self._stats.get(profile_id)

    def latest_of(self, profile_id: str, limit: int) -> list[PublicReview]:
        return self.latest.get(profile_id, [])[:limit]

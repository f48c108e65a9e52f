"""Ports the public profile page reads from other contexts: portfolio, reviews, availability."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.profiles.public import DayAvailability, PortfolioItem, PublicReview, ReviewStats


class PortfolioGallery(Protocol):
    """The media context's approved public portfolio of a profile."""

    def approved_items(self, profile_id: str) -> list[PortfolioItem]:
        """Approved (SFW, public) items in display order, cover first; empty when there are none or the
        media context cannot answer. Never returns a non-approved or original (private) media URL."""
        ...

    def approved_items_of(self, profile_ids: Sequence[str]) -> dict[str, list[PortfolioItem]]:
        """``approved_items`` of many profiles at once (a full reindex's page): every id a key."""
        ...


class ReviewsSummary(Protocol):
    """The reviews context's summary of a profile."""

    def summary_of(self, profile_id: str) -> ReviewStats | None:
        """Count, average and star distribution of the public reviews, or ``None`` when there are none."""
        ...

    def latest_of(self, profile_id: str, limit: int) -> list[PublicReview]:
        """Up to ``limit`` public (published, not hidden) reviews of the profile, newest first; never a hidden
        one nor one still waiting for the other side."""
        ...


class AvailabilityPreview(Protocol):
    """The calendar's next days for the profile's primary bookable offering."""

    def next_days(self, profile_id: str, days: int, now: datetime) -> list[DayAvailability] | None:
        """One entry per local day from today; ``None`` when no schedule is known (not "fully booked")."""
        ...

"""What other contexts read of reviews: the public page's summary and latest reviews (``ReviewsSummary``) and
search's reputation signal, each read in its own read-only unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from core.profiles.public import PublicReview, ReviewStats
from core.reviews.model import Review
from core.reviews.ports import ReviewsUnitOfWork
from core.reviews.reputation import Reputation, ReputationRules, reputation_of_counts


class StoredReviewsSummary:
    """``ReviewsSummary`` and the search indexer's ``reputation_of`` over the reviews store."""

    def __init__(self, new_uow: Callable[[], ReviewsUnitOfWork], rules: ReputationRules) -> None:
        self._new_uow, self._rules = new_uow, rules

    def reputation(self, subject_id: str) -> Reputation:
        uow = self._new_uow()
        with uow.reading():
            return reputation_of_counts(uow.reviews.distribution_of(subject_id), self._rules)

    def summary_of(self, profile_id: str) -> ReviewStats | None:
        """Count, plain mean and distribution of the public reviews; None for a profile with none."""
        found = self.reputation(profile_id)
        if found.count == 0:
            return None
        total = sum(stars * n for stars, n in enumerate(found.distribution, start=1))
        return ReviewStats(found.count, total / found.count, found.distribution)

    def latest_of(self, profile_id: str, limit: int) -> list[PublicReview]:
        """The newest public reviews of the profile, with the profile's responses."""
        uow = self._new_uow()
        with uow.reading():
            found = uow.reviews.public_of(profile_id, limit)
        return [_public(review) for review in found]

    def all_reputations(self) -> Iterator[tuple[str, Reputation]]:
        """Every subject with public reviews and its reputation, by subject id, recomputed from the store in one
        set-based pass (one query: one consistent snapshot)."""
        uow = self._new_uow()
        with uow.reading():
            for subject_id, distribution in uow.reviews.every_distribution():
                yield subject_id, reputation_of_counts(distribution, self._rules)

    def reputation_of(self, profile_id: str) -> float:
        """Search's signal, 0..1: the Bayesian score of every public review (the prior covers "new")."""
        return self.reputation(profile_id).ranking_signal

    def reputations_of(self, profile_ids: Sequence[str]) -> dict[str, float]:
        """``reputation_of`` for many profiles, read in one go: every id a key."""
        uow = self._new_uow()
        with uow.reading():
            found = uow.reviews.distributions_of(profile_ids)
        return {pid: reputation_of_counts(counts, self._rules).ranking_signal for pid, counts in found.items()}


def _public(review: Review) -> PublicReview:
    response = None if review.response is None else review.response.text
    return PublicReview(review.id, review.rating.overall, review.text, review.published_at or review.submitted_at,
                        response)  # fmt: skip

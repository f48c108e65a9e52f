"""Reputation from published ratings: a Bayesian average (prior and weight are data) and the star distribution.

The page shows "new" and no average below ``min_published`` ratings (NTB-PROF-006). Search ranks by the Bayesian
score over every published rating: the prior is what keeps one five-star review from outranking a hundred
four-and-a-half-star ones, so it needs no threshold of its own. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

STARS = (1, 2, 3, 4, 5)


@attrs.frozen
class ReputationRules:
    """The prior: ``prior_weight`` imaginary ratings of ``prior_mean`` stars; fewer than ``min_published`` real
    ones and the page says "new"."""

    prior_mean: float = 3.5
    prior_weight: float = 5.0
    min_published: int = 5

    def __attrs_post_init__(self) -> None:
        if not 1.0 <= self.prior_mean <= 5.0 or self.prior_weight <= 0 or self.min_published < 1:
            raise ValueError("prior_mean in 1..5, prior_weight > 0, min_published >= 1")


@attrs.frozen
class Reputation:
    """``count`` published ratings, their ``distribution`` (one-star .. five-star counts), their plain ``mean``
    and the Bayesian ``score``; ``shown`` is false while the profile is "new"."""

    count: int
    distribution: tuple[int, int, int, int, int]
    mean: float | None
    score: float
    shown: bool

    @property
    def is_new(self) -> bool:
        return not self.shown

    @property
    def ranking_signal(self) -> float:
        """The score on 0..1 for search (1 star -> 0, 5 stars -> 1)."""
        return (self.score - 1.0) / 4.0


def reputation(ratings: Iterable[int], rules: ReputationRules) -> Reputation:
    """The reputation of published overall ratings (each 1..5), in any order."""
    counts = [0, 0, 0, 0, 0]
    for stars in ratings:
        counts[stars - 1] += 1
    one, two, three, four, five = counts
    return reputation_of_counts((one, two, three, four, five), rules)


def reputation_of_counts(distribution: tuple[int, int, int, int, int], rules: ReputationRules) -> Reputation:
    """The reputation of a star distribution (what a store can sum without reading every rating)."""
    count = sum(distribution)
    total = sum(stars * n for stars, n in zip(STARS, distribution, strict=True))
    score = (rules.prior_mean * rules.prior_weight + total) / (rules.prior_weight + count)
    mean = total / count if count else None
    shown = count >= rules.min_published
    return Reputation(count, distribution, mean if shown else None, score, shown)

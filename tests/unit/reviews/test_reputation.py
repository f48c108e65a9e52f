"""Reputation: a Bayesian average that stays within the stars, moves a bounded amount per review, ignores order,
and shows no average below five published reviews."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.reviews.reputation import ReputationRules, reputation

RULES = ReputationRules(prior_mean=3.5, prior_weight=5.0, min_published=5)
ratings = st.lists(st.integers(min_value=1, max_value=5), max_size=200)
rules = st.builds(ReputationRules, prior_mean=st.floats(1.0, 5.0), prior_weight=st.floats(0.5, 50.0))


@given(ratings, rules)
def test_the_score_stays_between_one_and_five_stars(stars: list[int], chosen: ReputationRules) -> None:
    found = reputation(stars, chosen)
    assert 1.0 <= found.score <= 5.0 and 0.0 <= found.ranking_signal <= 1.0
    assert found.count == len(stars) == sum(found.distribution)


@given(ratings, st.integers(min_value=1, max_value=5), rules)
def test_one_more_review_moves_the_score_by_a_bounded_amount(
    stars: list[int], added: int, chosen: ReputationRules
) -> None:
    before, after = reputation(stars, chosen), reputation([*stars, added], chosen)
    assert abs(after.score - before.score) <= 4.0 / (chosen.prior_weight + len(stars) + 1) + 1e-9


@given(ratings, st.randoms(use_true_random=False))
def test_the_order_of_reviews_does_not_matter(stars: list[int], shuffler: random.Random) -> None:
    shuffled = list(stars)
    shuffler.shuffle(shuffled)
    assert reputation(shuffled, RULES) == reputation(stars, RULES)


def test_below_five_published_reviews_a_profile_is_new_with_no_average() -> None:
    four = reputation([5, 5, 5, 5], RULES)
    assert four.is_new and four.mean is None
    five = reputation([5, 5, 5, 5, 4], RULES)
    assert not five.is_new and five.mean == pytest.approx(4.8)
    assert five.score == pytest.approx((3.5 * 5 + 24) / 10)  # the prior pulls a short record towards 3.5


def test_no_reviews_score_the_prior() -> None:
    assert reputation([], RULES).score == 3.5 and reputation([], RULES).distribution == (0, 0, 0, 0, 0)


def test_the_prior_is_checked() -> None:
    with pytest.raises(ValueError, match="prior_mean"):
        ReputationRules(prior_mean=6.0)

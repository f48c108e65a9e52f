"""The reviews context's rules, read from the settings: the review window and the reputation prior."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from config.settings import Settings
from core.reviews.handlers import ReviewRules
from core.reviews.ports import ReviewsUnitOfWork
from core.reviews.reputation import ReputationRules
from core.reviews.summary import StoredReviewsSummary


def review_rules(settings: Settings) -> ReviewRules:
    return ReviewRules(window=timedelta(days=settings.review_window_days))


def reputation_rules(settings: Settings) -> ReputationRules:
    return ReputationRules(prior_mean=settings.review_prior_mean, prior_weight=settings.review_prior_weight)


def reviews_summary(new_uow: Callable[[], ReviewsUnitOfWork], settings: Settings) -> StoredReviewsSummary:
    """The public page's reviews summary and search's reputation source, under the configured prior."""
    return StoredReviewsSummary(new_uow, reputation_rules(settings))

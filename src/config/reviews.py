"""The reviews and moderation contexts' wiring: the review window and reputation prior from the settings, and the
message bus handlers of both (a moderation decision hides a review; the reporter is told the outcome)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from adapters.sqlalchemy.moderation_reports import SqlAlchemyModerationUnitOfWork
from adapters.sqlalchemy.reviews import SqlAlchemyReviewsUnitOfWork
from config.settings import Settings
from core.identity.ports import IdentityUnitOfWork
from core.identity.service_ports import NoticeSender, SecretCipher
from core.moderation.on_events import moderation_handlers
from core.moderation.ports import Offenders
from core.reviews.handlers import ReviewRules
from core.reviews.on_events import reviews_handlers
from core.reviews.ports import ReviewsUnitOfWork
from core.reviews.reminding import review_window_handlers
from core.reviews.reputation import ReputationRules
from core.reviews.summary import StoredReviewsSummary
from core.shared.clock import Clock
from core.shared.messagebus import Handlers, joined
from core.shared.unit_of_work import AfterCommit


def review_rules(settings: Settings) -> ReviewRules:
    return ReviewRules(window=timedelta(days=settings.review_window_days))


def reputation_rules(settings: Settings) -> ReputationRules:
    return ReputationRules(prior_mean=settings.review_prior_mean, prior_weight=settings.review_prior_weight)


def reviews_summary(new_uow: Callable[[], ReviewsUnitOfWork], settings: Settings) -> StoredReviewsSummary:
    """The public page's reviews summary and search's reputation source, under the configured prior."""
    return StoredReviewsSummary(new_uow, reputation_rules(settings))


def handlers(
    new_reviews_uow: Callable[[], ReviewsUnitOfWork],
    new_identity_uow: Callable[[], IdentityUnitOfWork],
    notices: NoticeSender,
    offenders: Offenders,
    clock: Clock,
    rules: ReviewRules,
) -> Handlers:
    """The reviews and moderation handlers for the message bus."""
    return joined(reviews_handlers(new_reviews_uow), review_window_handlers(new_reviews_uow, clock, rules),
                  moderation_handlers(new_identity_uow, notices, offenders))  # fmt: skip


def reviews_uow(engine: Engine, after_commit: AfterCommit) -> SqlAlchemyReviewsUnitOfWork:
    return SqlAlchemyReviewsUnitOfWork(engine, after_commit=after_commit)


def moderation_uow(engine: Engine, cipher: SecretCipher, after_commit: AfterCommit) -> SqlAlchemyModerationUnitOfWork:
    """Reports, with the accounts and the audit log on one transaction."""
    return SqlAlchemyModerationUnitOfWork(engine, cipher, after_commit=after_commit)

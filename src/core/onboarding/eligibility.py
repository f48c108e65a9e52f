"""Gates: publishing (score >= PUBLISH_MIN_SCORE) and Instant Book (score, verified identity, schedule)."""

from __future__ import annotations

import attrs

from core.onboarding.completeness import Score
from core.onboarding.errors import ProfileIncomplete
from core.onboarding.facts import Facts
from core.shared.errors import InvalidInput


@attrs.frozen
class Thresholds:
    """The scores the gates require (settings PUBLISH_MIN_SCORE and INSTANT_BOOK_MIN_SCORE)."""

    publish_min: int = 70
    instant_book_min: int = 85

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.publish_min <= self.instant_book_min <= 100:
            raise InvalidInput("thresholds", "need 0 <= publish_min <= instant_book_min <= 100")


@attrs.frozen
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # what stands in the way, empty when eligible


def require_publishable(profile_id: str, score: Score, thresholds: Thresholds) -> None:
    """Raise ``ProfileIncomplete`` (listing the missing items) when ``score`` is below the publish minimum."""
    if score.total < thresholds.publish_min:
        missing = tuple((i.item.value, i.weight, i.hint) for i in score.missing)
        raise ProfileIncomplete(profile_id, score.total, thresholds.publish_min, missing)


def instant_book_eligibility(score: Score, facts: Facts, thresholds: Thresholds) -> Eligibility:
    """Eligible with a score >= the Instant Book minimum, a verified identity and a defined schedule. Pure."""
    reasons = []
    if score.total < thresholds.instant_book_min:
        reasons.append(f"Reach a completeness score of {thresholds.instant_book_min} (now {score.total}).")
    if facts.identity_verified is not True:
        reasons.append("Verify your identity.")
    if facts.schedule_defined is not True:
        reasons.append("Set your weekly availability.")
    return Eligibility(not reasons, tuple(reasons))

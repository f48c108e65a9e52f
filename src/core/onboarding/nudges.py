"""Onboarding nudges: the next few things worth doing, derived from the score and the gates. Pure."""

from __future__ import annotations

import attrs

from core.onboarding.completeness import Score
from core.onboarding.eligibility import Thresholds
from core.onboarding.facts import Facts
from core.onboarding.items import PORTFOLIO_FULL, PORTFOLIO_STARTED, Item

MAX_NUDGES = 3


@attrs.frozen
class Nudge:
    item: str  # the score item it helps, or "publish" / "instant_book"
    goal: str  # "publish" or "instant_book": the gate it brings closer
    message: str


def _images_message(item: Item, facts: Facts, goal: str) -> str:
    target = PORTFOLIO_STARTED if item is Item.PORTFOLIO_STARTED else PORTFOLIO_FULL
    more = max(target - facts.images, 1)
    label = "publish" if goal == "publish" else "reach Instant Book"
    return f"Add {more} more portfolio image{'s' if more > 1 else ''} to {label}."


def nudges(score: Score, facts: Facts, thresholds: Thresholds, *, published: bool) -> list[Nudge]:
    """Up to three nudges, heaviest missing items first, aimed at the next gate (publish, then Instant Book)."""
    goal = "publish" if not published and score.total < thresholds.publish_min else "instant_book"
    if goal == "instant_book" and score.total >= thresholds.instant_book_min:
        blockers = [i for i in score.missing if i.item in (Item.IDENTITY, Item.SCHEDULE)]
        return [Nudge(i.item.value, goal, i.hint) for i in blockers][:MAX_NUDGES]
    found = []
    for missing in score.missing[:MAX_NUDGES]:
        if missing.item in (Item.PORTFOLIO_STARTED, Item.PORTFOLIO_FULL):
            message = _images_message(missing.item, facts, goal)
        else:
            message = missing.hint
        found.append(Nudge(missing.item.value, goal, message))
    return found

"""Completeness scoring: a profile and its facts weighed item by item, per wizard. Pure and fast."""

from __future__ import annotations

import attrs

from core.onboarding.facts import Facts
from core.onboarding.items import CHECKS, Item
from core.onboarding.weights import WEIGHTS, Wizard, page_wizard
from core.profiles.model import ProfileDraft


@attrs.frozen
class ScoreItem:
    """One weighed item; ``hint`` tells the owner what to do (kept when done, so the UI can show it)."""

    item: Item
    weight: int
    done: bool
    hint: str


@attrs.frozen
class Score:
    """``total`` (0..100) is the sum of the weights of the done items."""

    wizard: Wizard
    total: int
    items: tuple[ScoreItem, ...]

    @property
    def missing(self) -> tuple[ScoreItem, ...]:
        """Items not done, heaviest first."""
        return tuple(sorted((i for i in self.items if not i.done), key=lambda i: (-i.weight, i.item.value)))

    def is_done(self, item: Item) -> bool:
        return any(i.item is item and i.done for i in self.items)


def completeness(profile: ProfileDraft, facts: Facts, wizard: Wizard | None = None) -> Score:
    """Score ``profile`` for ``wizard`` (default: the page wizard, ``studio`` or ``provider``). Pure."""
    wizard = wizard or page_wizard(profile)
    fields = profile.fields
    items = []
    total = 0
    for item, weight in WEIGHTS[wizard].items():
        check, hint = CHECKS[item]
        done = check(fields, facts)
        if done:
            total += weight
        items.append(ScoreItem(item, weight, done, hint))
    return Score(wizard, total, tuple(items))

"""Wizard steps and their gating: a dependency graph and per-wizard step requirements, all as data."""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType

import attrs

from core.onboarding.completeness import Score
from core.onboarding.items import Item
from core.onboarding.weights import Wizard


class Step(Enum):
    BASICS = "basics"
    ROLES_AND_TAGS = "roles_and_tags"
    PORTFOLIO = "portfolio"
    PACKAGES_AND_PRICING = "packages_and_pricing"
    AVAILABILITY = "availability"
    VERIFICATION = "verification"
    PUBLISH = "publish"


class StepStatus(Enum):
    DONE = "done"  # every requirement met
    OPEN = "open"  # may be worked on; something is still missing
    BLOCKED = "blocked"  # a step it depends on is not done


S = Step
# A step opens only when every step it depends on is done. Order of the dict is the wizard's order.
DEPENDS_ON: MappingProxyType[Step, tuple[Step, ...]] = MappingProxyType(
    {
        S.BASICS: (),
        S.ROLES_AND_TAGS: (S.BASICS,),
        S.PORTFOLIO: (S.BASICS,),
        S.PACKAGES_AND_PRICING: (S.ROLES_AND_TAGS,),
        S.AVAILABILITY: (S.PACKAGES_AND_PRICING,),
        S.VERIFICATION: (S.BASICS,),
        S.PUBLISH: (S.ROLES_AND_TAGS, S.PORTFOLIO, S.PACKAGES_AND_PRICING),
    }
)

_CREATIVE = {
    S.BASICS: (Item.HEADLINE, Item.BIO, Item.CITY),
    S.ROLES_AND_TAGS: (Item.ROLES, Item.TAGS),
    S.PORTFOLIO: (Item.PORTFOLIO_STARTED,),
    S.PACKAGES_AND_PRICING: (Item.PRICING, Item.PACKAGES),
    S.AVAILABILITY: (Item.SCHEDULE,),
    S.VERIFICATION: (Item.IDENTITY,),
    S.PUBLISH: (),
}
_RATE_ONLY = {**_CREATIVE, S.PACKAGES_AND_PRICING: (Item.PRICING,)}
_STUDIO = {
    **_CREATIVE,
    S.BASICS: (Item.HEADLINE, Item.BIO, Item.CITY, Item.CONTACT),
    S.ROLES_AND_TAGS: (Item.AMENITIES, Item.TAGS, Item.ADDRESS),
    S.PACKAGES_AND_PRICING: (Item.HOURLY_RATE, Item.DEPOSIT),
}
REQUIREMENTS: MappingProxyType[Wizard, MappingProxyType[Step, tuple[Item, ...]]] = MappingProxyType(
    {
        w: MappingProxyType(
            _STUDIO if w is Wizard.STUDIO else _RATE_ONLY if w in (Wizard.MODEL, Wizard.STYLIST) else _CREATIVE
        )
        for w in Wizard
    }
)


@attrs.frozen
class StepState:
    step: Step
    status: StepStatus
    missing: tuple[str, ...]  # hints for this step's own unmet requirements
    blocked_by: tuple[Step, ...] = ()  # the dependencies that are not done, when blocked


@attrs.frozen
class WizardState:
    wizard: Wizard
    steps: tuple[StepState, ...]
    resume_at: Step  # where the owner continues: the last step they were on if open, else the first open one
    score: Score

    def step(self, step: Step) -> StepState:
        return next(s for s in self.steps if s.step is step)


def _own_missing(wizard: Wizard, step: Step, score: Score, published: bool, publish_min: int) -> tuple[str, ...]:
    if step is Step.PUBLISH:
        if published:
            return ()
        if score.total < publish_min:
            return (f"Reach a completeness score of {publish_min} (now {score.total}), then publish.",)
        return ("Publish your profile.",)
    wanted = REQUIREMENTS[wizard][step]
    return tuple(i.hint for i in score.items if i.item in wanted and not i.done)


def wizard_state(score: Score, *, published: bool, publish_min: int, last_step: Step | None = None) -> WizardState:
    """Every step's status for ``score.wizard`` and the step to resume at. Pure."""
    missing = {s: _own_missing(score.wizard, s, score, published, publish_min) for s in DEPENDS_ON}
    states = []
    for step, needs in DEPENDS_ON.items():
        blockers = tuple(d for d in needs if missing[d])
        status = StepStatus.BLOCKED if blockers else StepStatus.OPEN if missing[step] else StepStatus.DONE
        states.append(StepState(step, status, missing[step], blockers))
    by_step = {s.step: s for s in states}
    if last_step is not None and by_step[last_step].status is StepStatus.OPEN:
        resume = last_step
    else:
        resume = next((s.step for s in states if s.status is StepStatus.OPEN), Step.PUBLISH)
    return WizardState(score.wizard, tuple(states), resume, score)

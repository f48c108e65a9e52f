"""Completeness: bounded, monotone in information, the sum of its done weights, every gap has a hint."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from core.onboarding.completeness import completeness
from core.onboarding.eligibility import Thresholds, instant_book_eligibility
from core.onboarding.facts import Facts
from core.onboarding.items import Item
from core.onboarding.weights import WEIGHTS, Wizard, page_wizard
from core.profiles.model import ProfileDraft, ProfileKind
from tests.unit.onboarding.strategies import enriched, facts, more_facts, profiles

wizards = st.sampled_from(Wizard)


def wizard_for(profile: ProfileDraft, wizard: Wizard) -> Wizard:
    if profile.kind is ProfileKind.STUDIO:
        return Wizard.STUDIO
    return Wizard.PROVIDER if wizard is Wizard.STUDIO else wizard


@settings(max_examples=300)
@given(profiles(), facts, wizards)
def test_bounded_sum_of_done_weights_and_every_missing_item_has_a_hint(
    profile: ProfileDraft, known: Facts, wizard: Wizard
) -> None:
    score = completeness(profile, known, wizard_for(profile, wizard))
    assert 0 <= score.total <= 100
    assert score.total == sum(i.weight for i in score.items if i.done)
    assert all(i.hint.strip() for i in score.missing)
    assert {i.item for i in score.items} == set(WEIGHTS[score.wizard])


@settings(max_examples=300)
@given(profiles(), profiles(), facts, facts, wizards)
def test_adding_information_never_lowers_the_score(
    profile: ProfileDraft, extra: ProfileDraft, known: Facts, more: Facts, wizard: Wizard
) -> None:
    extra = attrs.evolve(extra, kind=profile.kind)
    if (profile.fields.studio is None) != (extra.fields.studio is None):
        extra = attrs.evolve(extra, fields=attrs.evolve(extra.fields, studio=profile.fields.studio))
    chosen = wizard_for(profile, wizard)
    before = completeness(profile, known, chosen)
    after = completeness(enriched(profile, extra), more_facts(known, more), chosen)
    assert after.total >= before.total
    assert {i.item for i in before.items if i.done} <= {i.item for i in after.items if i.done}


def test_every_weight_table_sums_to_100_and_studios_have_their_own() -> None:
    assert all(sum(t.values()) == 100 for t in WEIGHTS.values())
    assert Item.AMENITIES in WEIGHTS[Wizard.STUDIO] and Item.AMENITIES not in WEIGHTS[Wizard.PHOTOGRAPHER]
    assert WEIGHTS[Wizard.MODEL][Item.PORTFOLIO_STARTED] > WEIGHTS[Wizard.PHOTOGRAPHER][Item.PORTFOLIO_STARTED]


@given(profiles(ProfileKind.PROVIDER))
def test_unknown_facts_score_as_not_done(profile: ProfileDraft) -> None:
    score = completeness(profile, Facts(), page_wizard(profile))
    for item in (Item.PORTFOLIO_STARTED, Item.PORTFOLIO_FULL, Item.SCHEDULE, Item.IDENTITY):
        assert not score.is_done(item)
    assert score.total <= 100 - 38


def test_instant_book_needs_the_score_identity_and_schedule() -> None:
    from tests.unit.onboarding.test_onboarding_handlers import complete_fields, provider

    profile = attrs.evolve(provider(), fields=complete_fields())
    full = Facts(approved_images=8, schedule_defined=True, identity_verified=True)
    thresholds = Thresholds()
    assert instant_book_eligibility(completeness(profile, full), full, thresholds).eligible
    no_id = attrs.evolve(full, identity_verified=None)
    result = instant_book_eligibility(completeness(profile, no_id), no_id, thresholds)
    assert not result.eligible and "Verify your identity." in result.reasons
    few = attrs.evolve(full, approved_images=3)
    assert completeness(profile, few).total == 92
    assert instant_book_eligibility(completeness(profile, few), few, thresholds).eligible
    assert not instant_book_eligibility(completeness(profile, few), few, Thresholds(70, 95)).eligible

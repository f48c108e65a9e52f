"""The ranking blend and the fairness pass, property-tested."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.search.documents import DayMinutes
from core.search.query import Filters
from core.search.ranking import (
    MAX_PER_OWNER,
    NEWCOMER_PLACES,
    NEWCOMER_SLOTS,
    Ranked,
    Signals,
    Weights,
    fair_pages,
    haversine_km,
    is_newcomer,
    owner_key,
    ranked,
    score,
    signals_of,
    with_newcomers,
)
from core.shared.errors import InvalidInput
from tests.contracts.search_index import DAY, LA, SANTA_MONICA, SF, T0, doc

unit = st.floats(min_value=0.0, max_value=1.0)
signals = st.builds(Signals, unit, unit, unit, unit, unit, unit, unit, unit)
weights = st.builds(Weights, *[st.floats(min_value=0.0, max_value=10.0)] * 8)


@given(signals, weights, unit)
def test_raising_only_verification_never_lowers_a_score(base: Signals, w: Weights, higher: float) -> None:
    raised = attrs.evolve(base, verification=max(base.verification, higher))
    assert score(raised, w) >= score(base, w)


@given(signals, weights, st.sampled_from([f.name for f in attrs.fields(Signals)]), unit)
def test_raising_any_one_signal_never_lowers_a_score(base: Signals, w: Weights, name: str, higher: float) -> None:
    raised = attrs.evolve(base, **{name: max(getattr(base, name), higher)})
    assert score(raised, w) >= score(base, w) - 1e-9


def test_weights_are_never_negative() -> None:
    with pytest.raises(InvalidInput):
        Weights(text=-1)


def test_signals_of_a_document() -> None:
    document = doc("a", geo=SANTA_MONICA, verified=True, completeness=90, days=(DayMinutes(DAY, 240),),
                   updated_at=T0 - timedelta(days=60))  # fmt: skip
    near = signals_of(document, 0.8, point=LA, filters=Filters(available_on=DAY, min_price=15000), now=T0)
    far = signals_of(document, 0.8, point=SF, filters=Filters(), now=T0)
    assert near.proximity > 0.1 > far.proximity
    assert (near.verification, near.completeness, near.availability, near.price_fit) == (1.0, 0.9, 0.5, 1.0)
    assert near.freshness == pytest.approx(0.5) and far.price_fit == 0.0
    assert 20 < haversine_km(LA, SANTA_MONICA) < 26
    assert signals_of(document, 1, point=None, filters=Filters(), now=T0).proximity == 0.0
    assert signals_of(doc("b"), 1, point=LA, filters=Filters(), now=T0).proximity == 0.0  # no geo: no bonus


owners = st.lists(st.sampled_from(["u1", "u2", "u3", None]), max_size=40)


@given(owners, st.integers(min_value=1, max_value=10))
def test_no_owner_more_than_twice_in_a_page_and_nothing_lost(page_owners: list[str | None], size: int) -> None:
    items = ranked([Ranked(doc(f"d{n:02}", owner_id=o), float(-n)) for n, o in enumerate(page_owners)])
    pages = fair_pages(items, size)
    assert sorted(i.document.id for p in pages for i in p) == sorted(i.document.id for i in items)
    for page in pages:
        assert 0 < len(page) <= size
        keys = [owner_key(i.document) for i in page]
        assert all(keys.count(k) <= MAX_PER_OWNER for k in keys)


def test_the_fairness_pass_moves_an_owners_third_item_down_keeping_the_order_otherwise() -> None:
    items = [Ranked(doc(n, owner_id=o), 1.0) for n, o in [("a", "u"), ("b", "u"), ("c", "u"), ("d", "v")]]
    assert [[i.document.id for i in p] for p in fair_pages(items, 3)] == [["a", "b", "d"], ["c"]]


NOW = T0 + timedelta(days=365)
ages = st.lists(st.sampled_from([1, 10, 29, 31, 200]), max_size=60)


def _aged(days_old: list[int]) -> list[Ranked]:
    return ranked(
        [Ranked(doc(f"d{n:02}", created_at=NOW - timedelta(days=d)), float(-n)) for n, d in enumerate(days_old)]
    )


@given(ages)
def test_new_providers_hold_some_of_the_first_twenty_places(days_old: list[int]) -> None:
    items = _aged(days_old)
    fair = with_newcomers(items, NOW)
    assert sorted(i.document.id for i in fair) == sorted(i.document.id for i in items)  # nothing lost or doubled
    newcomers = sum(is_newcomer(i.document, NOW) for i in items)
    assert sum(is_newcomer(i.document, NOW) for i in fair[:NEWCOMER_PLACES]) >= min(NEWCOMER_SLOTS, newcomers)
    for kind in (True, False):  # each group keeps its own order
        group = [i.document.id for i in items if is_newcomer(i.document, NOW) is kind]
        assert [i.document.id for i in fair if is_newcomer(i.document, NOW) is kind] == group


def test_the_best_newcomers_move_to_the_last_of_the_first_places_and_studios_are_never_newcomers() -> None:
    items = _aged([200] * 25 + [1, 2, 3, 4])
    fair = [i.document.id for i in with_newcomers(items, NOW)]
    assert fair[17:20] == ["d25", "d26", "d27"] and fair[20] == "d17" and fair[-1] == "d28"
    assert with_newcomers(items[:5], NOW) == items[:5]
    studio = doc("s", kind="studio", created_at=NOW)
    assert not is_newcomer(studio, NOW) and is_newcomer(attrs.evolve(studio, kind="provider"), NOW)

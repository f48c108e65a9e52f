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
    Ranked,
    Signals,
    Weights,
    fair_pages,
    haversine_km,
    owner_key,
    ranked,
    score,
    signals_of,
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

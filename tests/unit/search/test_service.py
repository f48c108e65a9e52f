"""People search end to end on the in-memory index: ranking, fair pages behind cursors, Safe-Mode."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory.search import InMemorySearchIndex
from core.search.errors import InvalidCursor
from core.search.query import people_query
from core.search.service import card, search_people, suggestions
from tests.contracts.search_index import LA, SANTA_MONICA, SF, T0, doc

KEY = b"s" * 32


def index_of(*documents: object) -> InMemorySearchIndex:
    index = InMemorySearchIndex()
    for document in documents:
        index.upsert(document)  # type: ignore[arg-type]  # SearchDocuments
    return index


def test_the_blend_puts_the_verified_complete_nearby_profile_first() -> None:
    index = index_of(
        doc("plain", completeness=70),
        doc("trusted", verified=True, completeness=100),
        doc("near", geo=SANTA_MONICA), doc("far", geo=SF),
    )  # fmt: skip
    results = search_people(people_query({"q": "photographer"}), index, cursor_key=KEY, now=T0)
    assert results.hits[0].document.id == "trusted"
    nearby = search_people(people_query({"lat": str(LA.lat), "lon": str(LA.lon)}), index, cursor_key=KEY, now=T0)
    ids = [r.document.id for r in nearby.hits]
    assert ids.index("near") < ids.index("far")
    assert results.found == 4 and results.facets.cities == (("los-angeles", 4),)


def test_cursor_pages_cover_every_result_once_with_at_most_two_per_owner() -> None:
    index = index_of(*(doc(f"d{n:02}", owner_id=f"u{n % 3}", completeness=n) for n in range(25)))
    seen: list[str] = []
    params = {"limit": "4"}
    while True:
        page = search_people(people_query(params), index, cursor_key=KEY, now=T0)
        owners = [r.document.owner_id for r in page.hits]
        assert all(owners.count(o) <= 2 for o in owners)
        seen += [r.document.id for r in page.hits]
        if page.next_cursor is None:
            break
        params = {"limit": "4", "cursor": page.next_cursor}
    assert sorted(seen) == sorted(f"d{n:02}" for n in range(25))


def test_a_tampered_cursor_or_one_of_another_query_is_refused() -> None:
    index = index_of(doc("a"), doc("b"))
    first = search_people(people_query({"limit": "1"}), index, cursor_key=KEY, now=T0)
    assert first.next_cursor is not None
    with pytest.raises(InvalidCursor):
        search_people(people_query({"limit": "1", "cursor": first.next_cursor + "x"}), index, cursor_key=KEY, now=T0)
    with pytest.raises(InvalidCursor):
        search_people(people_query({"limit": "2", "cursor": first.next_cursor}), index, cursor_key=KEY, now=T0)


@settings(max_examples=60)
@given(
    safe=st.lists(st.booleans(), min_size=1, max_size=12),
    q=st.sampled_from(["", "person", "photographer", "p"]),
    city=st.sampled_from(["", "los-angeles"]),
    limit=st.integers(min_value=1, max_value=5),
)
def test_safe_mode_never_returns_nsfw(safe: list[bool], q: str, city: str, limit: int) -> None:
    index = index_of(*(doc(f"d{n}", safe=s, display_name=f"Person {n}") for n, s in enumerate(safe)))
    params = {k: v for k, v in {"q": q, "city": city, "limit": str(limit)}.items() if v}
    while True:
        page = search_people(people_query(params), index, cursor_key=KEY, now=T0)
        assert all(r.document.safe for r in page.hits)
        if page.next_cursor is None:
            break
        params["cursor"] = page.next_cursor
    assert all(suggestion.startswith("Person") for suggestion in suggestions("pers", index))


def test_a_card_shows_no_owner_and_only_the_first_public_image() -> None:
    shown = card(doc("a", owner_id="usr_secret", images=("https://cdn/public/1.jpg", "https://cdn/public/2.jpg")))
    assert "usr_secret" not in str(shown) and shown["image"] == "https://cdn/public/1.jpg"
    assert shown["url"] == "/p/slug-a"

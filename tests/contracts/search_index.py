"""The SearchIndex contract: the in-memory index (tests/unit) and the SQL index on SQLite (tests/unit) and
PostgreSQL (tests/integration) must pass these."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.profiles.details import GeoPoint
from core.search.documents import DayMinutes, SearchDocument
from core.search.ports import SearchIndex, Written
from core.search.query import Filters, IndexQuery, Radius, Sort
from core.search.synonyms import Synonym, relevant

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DAY = date(2026, 12, 3)
LA = GeoPoint(34.05, -118.24)
SANTA_MONICA = GeoPoint(34.02, -118.49)  # about 23 km from LA's centre
SF = GeoPoint(37.77, -122.42)
_VERSIONS = itertools.count(1_000)


def doc(document_id: str, version: int = 1, **changes: Any) -> SearchDocument:
    base = SearchDocument(
        id=document_id, source_version=version, kind="provider", owner_id=None, slug=f"slug-{document_id}",
        display_name=f"Person {document_id}", headline="", roles=("photographer",), tags=(), city="los-angeles",
        geo=None, price_min=10000, price_max=20000, currency="USD", languages=("en",), verified=False,
        instant_book=False, completeness=80, reputation=0.0, days=(), created_at=T0, updated_at=T0, safe=True,
        images=(),
    )  # fmt: skip
    return attrs.evolve(base, **changes)


def found(index: SearchIndex, *words: str, **filters: Any) -> list[str]:
    page = index.query(IndexQuery(tuple(words), Filters(**filters), limit=100))
    return sorted(hit.document.id for hit in page.hits)


class SearchIndexContract:
    """Subclass with an ``index`` fixture: a fresh, empty index."""

    def test_an_upserted_document_is_found_whole(self, index: SearchIndex) -> None:
        document = doc("a", geo=LA, days=(DayMinutes(DAY, 240),), images=("https://cdn/a.jpg",), tags=("film",))
        assert index.upsert(document) is True
        assert index.query(IndexQuery()).hits[0].document == document
        assert index.ids() == ["a"] and index.status().documents == 1

    def test_an_older_write_never_overwrites_a_newer_one(self, index: SearchIndex) -> None:
        index.upsert(doc("a", 5, display_name="New"))
        assert index.upsert(doc("a", 4, display_name="Old")) is False
        assert index.upsert(doc("a", 5, display_name="Same version")) is False
        assert index.query(IndexQuery()).hits[0].document.display_name == "New"

    def test_a_deletion_keeps_its_version_so_a_late_upsert_cannot_bring_the_document_back(
        self, index: SearchIndex
    ) -> None:
        index.upsert(doc("a", 5))
        assert index.delete("a", 4) is False
        assert index.delete("a", 6) is True
        assert index.delete("a", 7) is False  # nothing listed left to remove
        assert index.upsert(doc("a", 6)) is False
        assert index.query(IndexQuery()).found == 0 and index.ids() == []
        assert index.upsert(doc("a", 8)) is True
        assert index.ids() == ["a"]

    def test_words_are_prefixes_all_required_over_name_roles_tags_and_city(self, index: SearchIndex) -> None:
        index.upsert(doc("a", display_name="Ana Díaz", roles=("makeup_artist",), tags=("bridal",)))
        index.upsert(doc("b", display_name="Bo Li", roles=("photographer",), city="san-francisco"))
        assert found(index, "photog") == ["b"]
        assert found(index, "diaz") == ["a"]  # diacritics folded
        assert found(index, "makeup", "artist") == ["a"]
        assert found(index, "bridal", "ana") == ["a"]
        assert found(index, "bridal", "bo") == []
        assert found(index, "francisco") == ["b"]
        assert found(index, "zebra") == []

    def test_filters(self, index: SearchIndex) -> None:
        index.upsert(doc("a", roles=("model",), tags=("film", "studio"), languages=("es",), verified=True))
        index.upsert(doc("b", city="san-francisco", price_min=50000, price_max=80000, instant_book=True))
        index.upsert(doc("c", price_min=None, price_max=None, roles=("stylist", "model"), tags=("film",)))
        assert found(index, city="los-angeles") == ["a", "c"]
        assert found(index, roles=("model", "photographer")) == ["a", "b", "c"]
        assert found(index, roles=("stylist",)) == ["c"]
        assert found(index, tags=("film", "studio")) == ["a"]
        assert found(index, languages=("es", "fr")) == ["a"]
        assert found(index, min_price=30000) == ["b"]
        assert found(index, max_price=15000) == ["a"]  # bands overlapping; no price, no match
        assert found(index, min_price=15000, max_price=60000) == ["a", "b"]
        assert found(index, verified=True) == ["a"] and found(index, instant_book=False) == ["a", "c"]

    def test_radius_and_date(self, index: SearchIndex) -> None:
        index.upsert(doc("near", geo=SANTA_MONICA, days=(DayMinutes(DAY, 120),)))
        index.upsert(doc("far", geo=SF, days=(DayMinutes(DAY, 30),)))
        index.upsert(doc("nowhere"))
        assert found(index, radius=Radius(LA, 30)) == ["near"]
        assert found(index, radius=Radius(LA, 20)) == []
        assert found(index, available_on=DAY, minutes=60) == ["near"]
        assert found(index, available_on=DAY, minutes=30) == ["far", "near"]
        assert found(index, available_on=DAY + timedelta(days=1)) == []

    def test_safe_mode_hides_what_is_not_safe(self, index: SearchIndex) -> None:
        index.upsert(doc("safe", display_name="Zed Safe"))
        index.upsert(doc("nsfw", display_name="Zed Other", safe=False))
        assert found(index, "zed") == ["safe"]
        assert found(index, "zed", safe_only=False) == ["nsfw", "safe"]
        assert index.suggest("zed", 5) == ["Zed Safe"]

    def test_sort_page_found_and_facets(self, index: SearchIndex) -> None:
        for n, (city, price) in enumerate([("la", 5000), ("la", 15000), ("sf", 30000), ("sf", 90000)]):
            index.upsert(doc(f"d{n}", city=city, price_min=price, created_at=T0 + timedelta(hours=n)))
        page = index.query(IndexQuery(sort=Sort.NEWEST, limit=2, offset=1, facets=True))
        assert [hit.document.id for hit in page.hits] == ["d2", "d1"]
        assert page.found == 4
        assert page.facets is not None
        assert page.facets.roles == (("photographer", 4),)
        assert page.facets.cities == (("la", 2), ("sf", 2))
        assert page.facets.prices == (("under-100", 1), ("100-250", 1), ("250-500", 1), ("500-plus", 1))
        assert index.query(IndexQuery()).facets is None

    def test_excluded_ids_are_never_matched_counted_or_faceted(self, index: SearchIndex) -> None:
        for n, (city, price) in enumerate([("la", 5000), ("la", 15000), ("sf", 30000), ("sf", 90000)]):
            index.upsert(
                doc(f"d{n}", display_name="Zoe", city=city, price_min=price, created_at=T0 + timedelta(hours=n))
            )
        index.upsert(doc("s0", kind="studio", display_name="Zoe Studio", city="la"))
        hidden = Filters(kind="provider", excluded_ids=("d1", "d3", "s0"))
        page = index.query(IndexQuery(sort=Sort.NEWEST, limit=1, offset=1, facets=True, filters=hidden))
        assert [hit.document.id for hit in page.hits] == ["d0"] and page.found == 2
        assert page.facets is not None
        assert page.facets.cities == (("la", 1), ("sf", 1))
        assert page.facets.prices == (("under-100", 1), ("250-500", 1))
        assert found(index, "zoe", kind="provider", excluded_ids=("d1", "d3")) == ["d0", "d2"]
        assert found(index, "zoe", kind="studio", excluded_ids=("s0",)) == []
        assert found(index, "zoe", kind="studio", excluded_ids=("d0",)) == ["s0"]
        assert found(index, "zoe", kind="provider", excluded_ids=("x",)) == ["d0", "d1", "d2", "d3"]

    def test_relevance_orders_before_id_and_a_query_without_words_scores_one(self, index: SearchIndex) -> None:
        index.upsert(doc("a", display_name="Photographers Guild"))
        index.upsert(doc("b", display_name="Ann", roles=("photographer",)))
        assert all(hit.relevance == 1.0 for hit in index.query(IndexQuery()).hits)
        hits = index.query(IndexQuery(("photographer",))).hits
        assert all(0.0 < hit.relevance <= 1.0 for hit in hits) and {h.document.id for h in hits} == {"a", "b"}

    def test_suggestions_complete_names_roles_tags_and_cities(self, index: SearchIndex) -> None:
        index.upsert(doc("a", display_name="Losa Kim", tags=("lookbook",), city="los-angeles"))
        index.upsert(doc("b", display_name="Other", city="los-angeles"))
        assert index.suggest("lo", 10) == ["lookbook", "Losa Kim", "los-angeles"]
        assert index.suggest("los a", 10) == ["los-angeles"]
        assert index.suggest("photo", 1) == ["photographer"]
        index.delete("a", 2)
        assert index.suggest("lo", 10) == ["los-angeles"]

    def test_studios_by_amenities_capacity_and_hourly_price_apart_from_people(self, index: SearchIndex) -> None:
        sunset = doc("s1", kind="studio", roles=(), display_name="Sunset Light", amenities=("cyclorama", "parking"),
                     capacity=25, price_min=9500, price_max=15000)  # fmt: skip
        index.upsert(sunset)
        index.upsert(doc("s2", kind="studio", roles=(), amenities=("parking",), capacity=8, price_min=4000,
                         price_max=6000))  # fmt: skip
        index.upsert(doc("s3", kind="studio", roles=(), price_min=None, price_max=None))
        index.upsert(doc("p1", tags=("parking",)))
        assert found(index, kind="studio") == ["s1", "s2", "s3"] and found(index, kind="provider") == ["p1"]
        assert found(index, kind="studio", amenities=("parking", "cyclorama")) == ["s1"]
        assert found(index, kind="studio", amenities=("parking",), min_capacity=8) == ["s1", "s2"]
        assert found(index, kind="studio", min_capacity=10) == ["s1"]  # no capacity: no match
        assert found(index, kind="studio", max_price=5000) == ["s2"]
        assert found(index, "cyclorama", kind="studio") == ["s1"] and found(index, "parking", kind="provider") == ["p1"]
        assert index.query(IndexQuery(filters=Filters(kind="studio", min_capacity=20))).hits[0].document == sunset
        assert index.delete("s1", 2) is True and found(index, kind="studio", min_capacity=20) == []
        assert index.ids() == ["p1", "s2", "s3"]

    def test_a_word_with_a_synonym_also_finds_its_expansions_and_only_while_it_is_kept(
        self, index: SearchIndex
    ) -> None:
        index.upsert(doc("a", display_name="Ana", roles=("makeup_artist",), city="los-angeles"))
        index.upsert(doc("b", display_name="Bo", roles=("photographer",), city="san-francisco"))
        index.upsert(doc("c", display_name="Mua Lee", roles=("model",), city="sf"))  # the word itself still finds
        synonyms = [Synonym.validated("mua", ["Makeup artist"]), Synonym.validated("LA", ["los-angeles"]),
                    Synonym.validated("photog", ["photographer"])]  # fmt: skip

        def find(*words: str) -> list[str]:
            page = index.query(IndexQuery(words, synonyms=relevant(words, synonyms), limit=100))
            assert all(0.0 < hit.relevance <= 1.0 for hit in page.hits)
            return sorted(hit.document.id for hit in page.hits)

        index.use_synonyms(synonyms)
        assert find("mua") == ["a", "c"] and find("la") == ["a"] and find("mua", "la") == ["a"]
        assert find("photog") == ["b"] and find("bo", "photog") == ["b"] and find("ana", "photog") == []
        synonyms = []
        index.use_synonyms(synonyms)
        assert find("mua") == ["c"] and find("la") == []

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
    )
    @given(
        flags=st.lists(st.booleans(), min_size=1, max_size=6),
        words=st.lists(st.sampled_from(["person", "photographer", "model", "los", "x"]), max_size=2),
        city=st.sampled_from([None, "los-angeles", "sf"]),
    )
    def test_safe_mode_never_returns_what_is_not_safe(
        self, index: SearchIndex, flags: list[bool], words: list[str], city: str | None
    ) -> None:
        version = next(_VERSIONS)  # each example writes over the last one's documents
        for n, safe in enumerate(flags):
            index.upsert(doc(f"p{n}", version, safe=safe, city="sf" if n % 2 else "los-angeles"))
        for n in range(len(flags), 6):
            index.delete(f"p{n}", version)
        page = index.query(IndexQuery(tuple(words), Filters(city=city), limit=100, facets=True))
        assert all(hit.document.safe for hit in page.hits)
        assert page.found == len(page.hits)

    def test_refreshed_days_replace_only_the_availability_part(self, index: SearchIndex) -> None:
        index.upsert(doc("a", 7, days=(DayMinutes(DAY, 60),), tags=("film",)))
        index.upsert(doc("b", 7))
        index.delete("gone", 9)
        new = (DayMinutes(DAY + timedelta(days=1), 480), DayMinutes(DAY + timedelta(days=2), 30))
        assert index.refresh_days({"a": new, "gone": new, "unknown": new}) == 1
        assert found(index, available_on=DAY + timedelta(days=1), minutes=480) == ["a"]
        assert found(index, available_on=DAY) == []
        (hit,) = [h for h in index.query(IndexQuery(("film",))).hits]
        assert hit.document == doc("a", 7, days=new, tags=("film",))  # version and the rest unchanged
        assert index.upsert(doc("a", 7)) is False  # the version still guards against older writes
        assert index.refresh_days({"a": new}) == 0 and index.ids() == ["a", "b"]

    def test_a_bulk_write_upserts_and_deletes_as_one_by_one_writes_would(self, index: SearchIndex) -> None:
        index.upsert(doc("kept", 9))  # newer than the bulk write: stays as it is
        index.upsert(doc("old", 1, days=(DayMinutes(DAY, 60),), tags=("film",)))
        index.upsert(doc("listed", 1))
        index.delete("tomb", 9)
        studio = doc("s", 5, kind="studio", amenities=("makeup-room",), capacity=8, roles=())
        fresh = [doc("new", 5, days=(DayMinutes(DAY, 120),), geo=LA, created_at=T0 + timedelta(hours=1)),
                 doc("old", 5, tags=("dance",)), studio]  # fmt: skip
        written = index.write_many([*fresh, doc("kept", 5), doc("tomb", 5)], {"listed": 5, "never": 5})
        assert written.upserted == {"new", "old", "s"}
        assert written.deleted == {"listed"}  # "never" was not listed: no removal to report
        assert index.ids() == ["kept", "new", "old", "s"]
        assert found(index, "film") == [] and found(index, "dance") == ["old"]
        assert found(index, available_on=DAY) == ["new"]
        assert [h.document for h in index.query(IndexQuery(filters=Filters(kind="studio"))).hits] == [studio]
        assert index.query(IndexQuery(("person", "new"))).hits[0].document == fresh[0]
        assert index.suggest("danc", 5) == ["dance"]
        assert found(index, radius=Radius(LA, 1)) == ["new"]
        assert index.query(IndexQuery(sort=Sort.NEWEST)).hits[0].document.id == "new"
        assert index.upsert(doc("never", 5)) is False  # its tombstone keeps the bulk deletion's version
        assert index.write_many([], {}) == Written()

"""Synonyms: validation, expansion of a query's words, the store contract, and the operators' commands."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from adapters.memory.clock import FixedClock
from adapters.memory.search import InMemorySearchIndex
from adapters.memory.search_synonyms import InMemorySynonymStore
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.search_synonyms import SqlAlchemySynonymStore
from core.search.synonym_commands import DeleteSynonym, SetSynonym, delete_synonym, set_synonym
from core.search.synonyms import CachedSynonyms, Synonym, alternatives, matches_alternatives, relevant, whole_share
from core.shared.actor import OPERATOR, Actor, StaffOnly
from core.shared.errors import InvalidInput, NotFound
from tests.contracts.search_index import T0
from tests.contracts.synonym_store import SynonymStoreContract

MUA = Synonym.validated("MUA", ["makeup artist"])


class TestInMemorySynonymStore(SynonymStoreContract):
    @pytest.fixture
    def store(self) -> InMemorySynonymStore:
        return InMemorySynonymStore()


class TestSqliteSynonymStore(SynonymStoreContract):
    @pytest.fixture
    def store(self, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlAlchemySynonymStore]:
        url = f"sqlite:///{tmp_path_factory.mktemp('synonyms') / 'synonyms.db'}"
        upgrade(url)
        engine: Engine = create_database_engine(url)
        yield SqlAlchemySynonymStore(engine)
        engine.dispose()


@pytest.mark.parametrize(
    ("term", "expansions", "field"),
    [("", ["x"], "term"), ("two words", ["x"], "term"), ("la", [], "expansions"), ("la", ["la"], "expansions"),
     ("la", ["a b c d e"], "expansions"), ("la", [f"w{n}" for n in range(11)], "expansions")],
)  # fmt: skip
def test_a_bad_synonym_names_the_field(term: str, expansions: list[str], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Synonym.validated(term, expansions)
    assert refused.value.field == field


def test_words_expand_with_the_synonyms_of_their_term_only() -> None:
    assert Synonym("mua", ("makeup artist",)) == MUA and relevant(["mua", "la"], [MUA]) == (MUA,)
    groups = alternatives(("mua", "bridal"), [MUA])
    assert groups == ((("mua",), ("makeup", "artist")), (("bridal",),))
    assert matches_alternatives(groups, "ana makeup artist bridal") and not matches_alternatives(groups, "ana mua")
    assert matches_alternatives(alternatives(("mu",), [MUA]), "ana mua")  # a prefix, not the term: no expansion
    assert whole_share(groups, "makeup artist bridalwear") == 0.5 and whole_share((), "x") == 1.0


def test_the_cache_reads_the_store_once_per_ttl_or_when_told() -> None:
    store, clock, reads = InMemorySynonymStore(), FixedClock(T0), []

    def read() -> list[Synonym]:
        reads.append(1)
        return store.all()

    cached = CachedSynonyms(read, clock.now)
    store.save(MUA, T0)
    assert cached() == (MUA,) and cached() == (MUA,) and len(reads) == 1
    store.delete("mua")
    clock.advance(timedelta(seconds=5))
    assert cached() == () and len(reads) == 2
    store.save(MUA, T0)
    cached.forget()
    assert cached() == (MUA,)


def test_operators_set_and_delete_synonyms_and_others_may_not() -> None:
    store, index, clock = InMemorySynonymStore(), InMemorySearchIndex(), FixedClock(T0)
    made = set_synonym(SetSynonym(actor=OPERATOR, term="Photog", expansions=("photographer",)), store, index, clock)
    assert made == Synonym("photog", ("photographer",)) and store.all() == [made]
    with pytest.raises(StaffOnly):
        set_synonym(SetSynonym(actor=Actor(user_id="usr_1"), term="la", expansions=("x",)), store, index, clock)
    delete_synonym(DeleteSynonym(actor=OPERATOR, term="PHOTOG"), store, index)
    assert store.all() == []
    with pytest.raises(NotFound):
        delete_synonym(DeleteSynonym(actor=OPERATOR, term="photog"), store, index)

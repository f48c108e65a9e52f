"""The SynonymStore contract: the in-memory store (tests/unit) and the SQL store on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from core.search.ports import SynonymStore
from core.search.synonyms import Synonym

T0 = datetime(2026, 12, 3, 9, tzinfo=UTC)


class SynonymStoreContract:
    """Subclass with a ``store`` fixture: a fresh, empty store."""

    def test_saved_synonyms_are_listed_by_term_and_a_save_replaces(self, store: SynonymStore) -> None:
        assert store.all() == []
        store.save(Synonym.validated("photog", ["photographer"]), T0)
        store.save(Synonym.validated("mua", ["makeup artist", "make-up artist"]), T0)
        store.save(Synonym.validated("photog", ["photographer", "photo"]), T0)
        assert store.all() == [Synonym("mua", ("make up artist", "makeup artist")),
                               Synonym("photog", ("photo", "photographer"))]  # fmt: skip

    def test_a_deleted_synonym_is_gone_and_deleting_again_says_so(self, store: SynonymStore) -> None:
        store.save(Synonym.validated("la", ["los-angeles"]), T0)
        assert store.delete("la") is True and store.delete("la") is False
        assert store.all() == []

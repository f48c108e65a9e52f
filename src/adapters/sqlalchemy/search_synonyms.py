"""The SQL SynonymStore: one row per term; each call its own short transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert, select

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.tables.search_synonyms import search_synonyms as t
from core.search.synonyms import Synonym


class SqlAlchemySynonymStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def all(self) -> list[Synonym]:
        with reading_connection(self._engine) as connection:
            rows = connection.execute(select(t.c.term, t.c.expansions).order_by(t.c.term)).all()
        return [Synonym(row.term, tuple(str(phrase) for phrase in row.expansions)) for row in rows]

    def save(self, synonym: Synonym, at: datetime) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(t).where(t.c.term == synonym.term))
            connection.execute(insert(t).values(term=synonym.term, expansions=list(synonym.expansions), updated_at=at))

    def delete(self, term: str) -> bool:
        with self._engine.begin() as connection:
            return bool(connection.execute(delete(t).where(t.c.term == term)).rowcount)

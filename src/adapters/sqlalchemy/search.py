"""The SQL SearchIndex: SQLite FTS5 (the embedded default) or PostgreSQL full-text (``simple`` configuration,
prefix queries) with ``pg_trgm`` word similarity for typos when the extension is installed.

Filters are plain SQL over one row per document; the radius is the core's equirectangular distance in plain
arithmetic, so every database and the in-memory index agree on who is inside it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql

from adapters.sqlalchemy.keyed_rows import one_of
from adapters.sqlalchemy.search_rows import delimited, document_from, document_json
from adapters.sqlalchemy.tables.search import search_people, search_people_days, search_terms
from core.profiles.model import Role
from core.search.documents import DayMinutes, SearchDocument, normalised, search_text
from core.search.ports import Facets, Hit, IndexPage, IndexStatus, Written
from core.search.query import KM_PER_DEGREE, PRICE_BUCKETS, Filters, IndexQuery, Sort
from core.search.ranking import static_score
from core.search.synonyms import Alternatives, Synonym, alternatives

P = search_people.c
TRIGRAM_MIN = 0.6  # word similarity a typo needs (pg_trgm), e.g. "photgrapher" for "photographer"
TYPO_MIN_CHARS = 5  # shorter words must be exact prefixes (a short word is similar to too much)
_SIMPLE = sa.literal_column("'simple'::regconfig")
_TSV = sa.literal_column("search_people.body_tsv")  # PostgreSQL: to_tsvector('simple', body), stored (0023)
_DAYS_BATCH = 1000  # documents read and rewritten per statement by refresh_days
_FTS = sa.table("search_people_fts", sa.column("id"), sa.column("body"))


def _either(group: Alternatives, any_of: str, all_of: str, word: str) -> str:
    """A word's ways as a full-text expression: ``("a"* OR ("b"* AND "c"*))`` (words are normalised: [a-z0-9])."""
    ways = [all_of.join(word.format(w) for w in way) for way in group]
    return ways[0] if len(ways) == 1 else "(" + any_of.join(f"({way})" for way in ways) + ")"


def _like(column: Any, value: str) -> Any:
    return column.like(f"%|{value}|%")


def _filters(f: Filters) -> list[Any]:
    where: list[Any] = [P.listed.is_(True)]
    low, high = sa.func.coalesce(P.price_low, P.price_high), sa.func.coalesce(P.price_high, P.price_low)
    if f.safe_only:
        where.append(P.safe.is_(True))
    if f.kind is not None:
        where.append(P.kind == f.kind)
    where.extend(_like(P.amenities, amenity) for amenity in f.amenities)
    if f.min_capacity is not None:
        where.append(P.capacity >= f.min_capacity)
    if f.city is not None:
        where.append(P.city == f.city)
    if f.roles:
        where.append(sa.or_(*(_like(P.roles, role) for role in f.roles)))
    where.extend(_like(P.tags, tag) for tag in f.tags)
    if f.languages:
        where.append(sa.or_(*(_like(P.languages, language) for language in f.languages)))
    if f.min_price is not None:
        where.append(high >= f.min_price)
    if f.max_price is not None:
        where.append(low <= f.max_price)
    if f.verified is not None:
        where.append(P.verified.is_(f.verified))
    if f.instant_book is not None:
        where.append(P.instant_book.is_(f.instant_book))
    if f.radius is not None:
        center, km = f.radius.center, f.radius.km
        dx = (P.lon - center.lon) * (KM_PER_DEGREE * math.cos(math.radians(center.lat)))
        dy = (P.lat - center.lat) * KM_PER_DEGREE
        where.append(sa.and_(P.lat.is_not(None), dx * dx + dy * dy <= km * km))
    if f.available_on is not None:
        days = search_people_days.c
        where.append(sa.exists().where(days.profile_id == P.id, days.day == f.available_on, days.minutes >= f.minutes))
    if f.excluded_ids:
        where.append(P.id.not_in(f.excluded_ids))
    return where


_UNLISTED: dict[str, Any] = dict(
    listed=False, document=None, body="", city="", roles="", tags="", languages="", price_low=None, price_high=None,
    lat=None, lon=None, verified=False, instant_book=False, safe=False, static_score=0.0, created_at=None,
    amenities="", capacity=None,
)  # fmt: skip  # what a deleted id's row keeps: nothing but its version (the tombstone)


def _listed_row(d: SearchDocument) -> dict[str, Any]:
    """The ``search_people`` columns of a listed document."""
    return dict(
        source_version=d.source_version, listed=True, document=document_json(d), body=search_text(d), city=d.city,
        roles=delimited(d.roles), tags=delimited(d.tags), languages=delimited(d.languages),
        price_low=d.price_min if d.price_min is not None else d.price_max,
        price_high=d.price_max if d.price_max is not None else d.price_min,
        lat=None if d.geo is None else d.geo.lat, lon=None if d.geo is None else d.geo.lon, verified=d.verified,
        instant_book=d.instant_book, safe=d.safe, static_score=static_score(d), created_at=d.created_at, kind=d.kind,
        amenities=delimited(d.amenities), capacity=d.capacity,
    )  # fmt: skip


def _unnest(table: sa.Table, rows: list[dict[str, Any]]) -> Any:
    """``jsonb_to_recordset(<the rows as one JSON text>) AS v(<the columns, typed>)``: the rows as a FROM on
    PostgreSQL. One text parameter (psycopg escapes each element of a text array with a regex: far slower)."""
    names = list(rows[0])
    given = sa.cast(sa.bindparam(None, json.dumps(rows, default=_jsonable), type_=sa.Text), postgresql.JSONB)
    columns = (sa.column(name, table.c[name].type) for name in names)
    return sa.func.jsonb_to_recordset(given).table_valued(*columns).render_derived(with_types=True)


def _jsonable(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a search row value")


def _term_rows(d: SearchDocument) -> list[dict[str, str]]:
    """The document's suggestion terms (name, roles, tags, city), one row per distinct normalised word."""
    terms = {normalised(t): t for t in (d.display_name, *d.roles, *d.tags, d.city) if t}
    return [{"profile_id": d.id, "normal": n[:200], "term": t[:200]} for n, t in terms.items() if n]


class SqlAlchemySearchIndex:
    def __init__(self, engine: Engine, reads: Callable[[], Engine] | None = None) -> None:
        self._engine = engine
        self._reads = reads or (lambda: engine)  # where queries and suggestions read (a replica while it keeps up)
        self._sqlite = engine.dialect.name == "sqlite"
        self._trigrams: bool | None = None

    def _has_trigrams(self, connection: sa.Connection) -> bool:
        if self._trigrams is None:
            found = connection.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
            self._trigrams = found is not None
        return self._trigrams

    def _version_of(self, connection: sa.Connection, document_id: str) -> int | None:
        stmt = sa.select(P.source_version).where(P.id == document_id)
        if not self._sqlite:
            stmt = stmt.with_for_update()
        return connection.execute(stmt).scalar_one_or_none()

    def _claim(self, connection: sa.Connection, document_id: str, version: int) -> bool:
        """Whether a write of ``version`` may go ahead: a new id gets a bare row first, so concurrent writers of
        one id queue on its row lock (SQLite's BEGIN IMMEDIATE serialises every writer anyway)."""
        if self._version_of(connection, document_id) is None:
            insert = sa.insert(search_people).values(id=document_id, source_version=-1, listed=False)
            if self._sqlite:
                connection.execute(insert.prefix_with("OR IGNORE"))
            else:
                connection.execute(postgresql.insert(search_people).values(
                    id=document_id, source_version=-1, listed=False).on_conflict_do_nothing())  # fmt: skip
        current = self._version_of(connection, document_id)
        return current is None or current < version

    def _unlink(self, connection: sa.Connection, document_id: str) -> None:
        connection.execute(sa.delete(search_people_days).where(search_people_days.c.profile_id == document_id))
        connection.execute(sa.delete(search_terms).where(search_terms.c.profile_id == document_id))
        if self._sqlite:
            connection.execute(sa.delete(_FTS).where(_FTS.c.id == document_id))

    def upsert(self, document: SearchDocument) -> bool:
        with self._engine.begin() as connection:
            if not self._claim(connection, document.id, document.source_version):
                return False
            connection.execute(sa.update(search_people).where(P.id == document.id).values(_listed_row(document)))
            self._unlink(connection, document.id)
            self._link(connection, [document])
        return True

    def _insert(self, connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Many rows in one statement: ``executemany`` on SQLite (in-process, cheap), one ``INSERT ... SELECT`` from
        the rows as JSON on PostgreSQL (one round trip and one parameter, whatever the count)."""
        if not rows:
            return
        if self._sqlite:
            connection.execute(sa.insert(table), rows)
            return
        values = _unnest(table, rows)
        connection.execute(sa.insert(table).from_select(list(rows[0]), sa.select(*values.c)))

    def _link(self, connection: sa.Connection, documents: Sequence[SearchDocument]) -> None:
        """The rows beside each document's: its days, its suggestion terms and (SQLite) its FTS row."""
        day_rows = [{"profile_id": d.id, "day": x.on, "minutes": x.minutes} for d in documents for x in d.days]
        self._insert(connection, search_people_days, day_rows)
        self._insert(connection, search_terms, [row for d in documents for row in _term_rows(d)])
        if self._sqlite and documents:
            connection.execute(sa.insert(_FTS), [{"id": d.id, "body": search_text(d)} for d in documents])

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        """A handful of statements for the lot: one read of the stored versions, the newer documents and the
        tombstones written in one statement each (``_put``), the side rows of what was written replaced in bulk."""
        ids = sorted({d.id for d in documents} | set(deletions))
        if not ids:
            return Written()
        with self._engine.begin() as connection:
            stored = sa.select(P.id, P.source_version, P.listed).where(one_of(connection, P.id, ids))
            current = {row.id: row for row in connection.execute(stored)}

            def older(document_id: str, version: int) -> bool:
                return document_id not in current or current[document_id].source_version < version

            upserts = [d for d in documents if older(d.id, d.source_version)]
            removals = [i for i, version in deletions.items() if older(i, version)]
            written = self._put(connection, [{"id": d.id, **_listed_row(d)} for d in upserts])
            written |= self._put(connection, [{"id": i, **_UNLISTED, "source_version": deletions[i]} for i in removals])
            if not written:
                return Written()
            changed = sorted(written)
            connection.execute(
                sa.delete(search_people_days).where(one_of(connection, search_people_days.c.profile_id, changed))
            )
            connection.execute(sa.delete(search_terms).where(one_of(connection, search_terms.c.profile_id, changed)))
            if self._sqlite:
                connection.execute(sa.delete(_FTS).where(_FTS.c.id.in_(changed)))
            self._link(connection, [d for d in upserts if d.id in written])
        deleted = (i for i in removals if i in written and i in current and current[i].listed)
        return Written(frozenset(d.id for d in upserts if d.id in written), frozenset(deleted))

    def _put(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> set[str]:
        """Write each row of ``search_people`` whose id holds an older version or none; the ids written. SQLite
        (its writers serialised by BEGIN IMMEDIATE, so the caller's read still holds): a bare row per new id, then
        ``executemany``. PostgreSQL: one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` the stored version is older,
        from the rows as JSON, so a concurrent newer write wins on the row's lock whatever the caller read."""
        if not rows:
            return set()
        columns = [name for name in rows[0] if name != "id"]
        if self._sqlite:
            bare = [{"id": row["id"], "source_version": -1, "listed": False} for row in rows]
            connection.execute(sa.insert(search_people).prefix_with("OR IGNORE"), bare)
            keyed = sa.update(search_people).where(P.id == sa.bindparam("v_id"))
            values = keyed.values({name: sa.bindparam(f"v_{name}") for name in columns})
            connection.execute(values, [{f"v_{name}": value for name, value in row.items()} for row in rows])
            return {row["id"] for row in rows}
        given = _unnest(search_people, rows)
        insert = postgresql.insert(search_people).from_select(list(rows[0]), sa.select(*given.c))
        upsert = insert.on_conflict_do_update(
            index_elements=[P.id], set_={name: insert.excluded[name] for name in columns},
            where=P.source_version < insert.excluded.source_version,
        ).returning(P.id)  # fmt: skip
        return set(connection.execute(upsert).scalars())

    def delete(self, document_id: str, source_version: int) -> bool:
        with self._engine.begin() as connection:
            if not self._claim(connection, document_id, source_version):
                return False
            was_listed = connection.execute(sa.select(P.listed).where(P.id == document_id)).scalar_one()
            connection.execute(
                sa.update(search_people)
                .where(P.id == document_id)
                .values(_UNLISTED | {"source_version": source_version})
            )
            self._unlink(connection, document_id)
        return bool(was_listed)

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        """A few statements per batch: read the documents, rewrite those whose days moved, their day rows
        deleted and inserted in bulk (no statement per document)."""
        ids, changed = sorted(days), 0
        for first in range(0, len(ids), _DAYS_BATCH):
            batch = ids[first : first + _DAYS_BATCH]
            with self._engine.begin() as connection:
                rows = connection.execute(sa.select(P.id, P.document).where(P.id.in_(batch), P.listed.is_(True)))
                moved = [attrs.evolve(old, days=days[old.id]) for old in map(document_from, (r.document for r in rows))
                         if old.days != days[old.id]]  # fmt: skip
                if not moved:
                    continue
                connection.execute(
                    sa.update(search_people).where(P.id == sa.bindparam("key")).values(
                        document=sa.bindparam("json"), static_score=sa.bindparam("score")),
                    [{"key": d.id, "json": document_json(d), "score": static_score(d)} for d in moved],
                )  # fmt: skip
                connection.execute(sa.delete(search_people_days).where(search_people_days.c.profile_id.in_(
                    [d.id for d in moved])))  # fmt: skip
                if day_rows := [{"profile_id": d.id, "day": x.on, "minutes": x.minutes} for d in moved for x in d.days]:
                    connection.execute(sa.insert(search_people_days), day_rows)
                changed += len(moved)
        return changed

    def _text(self, query: IndexQuery, typos: bool = False) -> tuple[Any, Any, Any]:
        """(a FROM to join or None, the WHERE clause, the relevance column) for the query's words, each word
        expanded with its synonyms: ``(word* OR (makeup* AND artist*))``. With ``typos`` (PostgreSQL with
        ``pg_trgm``), a word of TYPO_MIN_CHARS letters or more may also be a near miss (relevance 0.25)."""
        words, groups = query.text, alternatives(query.text, query.synonyms)
        if not words:
            return None, sa.true(), sa.literal(1.0)
        if self._sqlite:
            match = " AND ".join(_either(group, " OR ", " AND ", '"{}"*') for group in groups)
            ranked = (
                sa.select(sa.column("id").label("fts_id"), sa.literal_column("bm25(search_people_fts)").label("bm25"))
                .select_from(sa.table("search_people_fts"))
                .where(sa.text("search_people_fts MATCH :match").bindparams(match=match))
                .subquery()
            )
            strength = -ranked.c.bm25
            return ranked, sa.true(), 0.5 + 0.5 * strength / (1.0 + strength)
        tsquery = sa.func.to_tsquery(_SIMPLE, " & ".join(_either(group, " | ", " & ", "{}:*") for group in groups))
        rank = sa.func.ts_rank(_TSV, tsquery)
        matched: Any = _TSV.op("@@")(tsquery)
        relevance = 0.5 + 0.5 * rank / (1.0 + rank)
        if typos:  # ``<%``: word_similarity >= pg_trgm.word_similarity_threshold, through the trigram index
            each = [
                sa.or_(_TSV.op("@@")(sa.func.to_tsquery(_SIMPLE, _either(group, " | ", " & ", "{}:*"))),
                       sa.literal(w).op("<%")(P.body) if len(w) >= TYPO_MIN_CHARS else sa.false())
                for w, group in zip(words, groups, strict=True)
            ]  # fmt: skip
            relevance = sa.case((matched, relevance), else_=0.25)
            matched = sa.and_(*each)
        return None, matched, relevance

    def query(self, query: IndexQuery) -> IndexPage:
        """The exact query (every word a word prefix); when it finds nothing and ``pg_trgm`` is there, again with
        near misses allowed, as the Typesense adapter does (a typo costs a trigram scan only when it is needed)."""
        with self._reads().connect() as connection:
            page = self._query(connection, query, typos=False)
            if page.found == 0 and query.text and not self._sqlite and self._has_trigrams(connection):
                page = self._query(connection, query, typos=True)
        return page

    def _query(self, connection: sa.Connection, query: IndexQuery, typos: bool) -> IndexPage:
        if typos:  # the threshold of ``<%`` is TRIGRAM_MIN for this transaction only
            connection.execute(sa.text(f"SET LOCAL pg_trgm.word_similarity_threshold = {TRIGRAM_MIN}"))
        joined, matched, relevance = self._text(query, typos)
        source = search_people if joined is None else search_people.join(joined, joined.c.fts_id == P.id)
        where = [*_filters(query.filters), matched]
        if typos:  # the trigram test is the costly part: run it once, then page, count and facet the ids it found
            ids = list(connection.execute(sa.select(P.id).where(*where)).scalars())
            if not ids:
                return IndexPage((), 0, self._facets(connection, source, [sa.false()])[1] if query.facets else None)
            where = [one_of(connection, P.id, ids)]
        order = (
            [P.created_at.desc(), P.id] if query.sort is Sort.NEWEST
            else [relevance.desc(), P.static_score.desc(), P.id]
        )  # fmt: skip
        rows = connection.execute(
            sa.select(P.document, relevance.label("relevance")).select_from(source).where(*where)
            .order_by(*order).limit(query.limit).offset(query.offset)
        ).all()  # fmt: skip
        if query.facets:
            found, facets = self._facets(connection, source, where)
        else:
            found = connection.execute(sa.select(sa.func.count()).select_from(source).where(*where)).scalar_one()
            facets = None
        hits = tuple(Hit(document_from(row.document), float(row.relevance)) for row in rows)
        return IndexPage(hits, int(found), facets)

    def _facets(self, connection: sa.Connection, source: Any, where: list[Any]) -> tuple[int, Facets]:
        """How many rows match and their facets, in two statements (the counts, then the cities)."""

        def count(condition: Any) -> Any:
            return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

        low = sa.func.coalesce(P.price_low, P.price_high)
        columns = [sa.func.count().label("found"), *(count(_like(P.roles, r.value)).label(r.value) for r in Role)]
        columns += [
            count(sa.and_(low >= start * 100, sa.true() if end is None else low < end * 100)).label(f"p{n}")
            for n, (_name, start, end) in enumerate(PRICE_BUCKETS)
        ]
        totals = connection.execute(sa.select(*columns).select_from(source).where(*where)).one()._mapping
        cities = connection.execute(
            sa.select(P.city, sa.func.count()).select_from(source).where(*where, P.city != "").group_by(P.city)
        ).all()
        roles = sorted(((r.value, int(totals[r.value])) for r in Role if totals[r.value]), key=lambda i: (-i[1], i[0]))
        prices = tuple((name, int(totals[f"p{n}"])) for n, (name, _, _) in enumerate(PRICE_BUCKETS) if totals[f"p{n}"])
        return int(totals["found"]), Facets(
            tuple(roles), tuple(sorted(((c, int(k)) for c, k in cities), key=lambda i: (-i[1], i[0]))), prices
        )

    def suggest(self, prefix: str, limit: int) -> list[str]:
        t = search_terms.c
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = (
            sa.select(t.term).join(search_people, P.id == t.profile_id)
            .where(P.listed.is_(True), P.safe.is_(True), t.normal.like(f"{escaped}%", escape="\\"))
            .group_by(t.normal, t.term).order_by(sa.func.length(t.normal), t.normal, t.term).limit(limit)
        )  # fmt: skip
        with self._reads().connect() as connection:
            return list(connection.execute(stmt).scalars())

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        """Nothing to keep: each query carries its synonyms and expands with them (``_text``)."""

    def ids(self) -> list[str]:
        with self._engine.connect() as connection:
            return list(connection.execute(sa.select(P.id).where(P.listed.is_(True)).order_by(P.id)).scalars())

    def status(self) -> IndexStatus:
        with self._engine.connect() as connection:
            rows: dict[bool, int] = {
                bool(listed): int(count)
                for listed, count in connection.execute(sa.select(P.listed, sa.func.count()).group_by(P.listed))
            }
        return IndexStatus(int(rows.get(True, 0)), int(rows.get(False, 0)))

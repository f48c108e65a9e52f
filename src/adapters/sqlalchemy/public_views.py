"""``PublicViews`` on the application database: one row per profile, the view as a JSON document.

A read is one statement on a connection that opens no transaction; the statements are built once. Decoded views
are kept per worker by their version (a digest of their content), so a row read again is not decoded again; and the
read names the version it holds for the key, so the row's document is not even sent when it is still that one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

import cattrs
from sqlalchemy import Engine, bindparam, case, insert, select, type_coerce, update
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.tables.pages import public_views as t
from core.pages.views import PublicView, StoredView

_documents = cattrs.Converter()
_documents.register_unstructure_hook(Enum, lambda member: member.value)
_documents.register_unstructure_hook(datetime, datetime.isoformat)
_documents.register_structure_hook(datetime, lambda text, _: datetime.fromisoformat(text))
_documents.register_unstructure_hook(date, date.isoformat)
_documents.register_structure_hook(date, lambda text, _: date.fromisoformat(text))
_documents.register_unstructure_hook(timedelta, lambda span: span.total_seconds())
_documents.register_structure_hook(timedelta, lambda seconds, _: timedelta(seconds=seconds))

# the document only when its version is not the one this worker holds decoded for the key (``known``)
_DOCUMENT = type_coerce(
    case((t.c.version == bindparam("known", type_=t.c.version.type), None), else_=t.c.document), t.c.document.type
).label("document")
_COLUMNS = (t.c.profile_id, t.c.generation, t.c.built_generation, t.c.version, _DOCUMENT)
_BY_ID = select(*_COLUMNS).where(t.c.profile_id == bindparam("key"))
_BY_SLUG = (
    select(*_COLUMNS)
    .where(t.c.slug == bindparam("key"))
    .order_by(case((t.c.built_generation == t.c.generation, 0), else_=1))
    .limit(1)
)
_GENERATION = select(t.c.generation).where(t.c.profile_id == bindparam("key"))
_MARK = update(t).where(t.c.profile_id == bindparam("key")).values(generation=t.c.generation + 1)
_DECODED = 256  # views kept decoded per worker


class SqlAlchemyPublicViews:
    """Each call is its own short statement or transaction."""

    def __init__(self, engine: Engine, reads: Callable[[], Engine] | None = None) -> None:
        self._engine = engine
        self._reads = reads or (lambda: engine)  # where ``find`` reads (a replica's engine while it keeps up)
        self._decoded: OrderedDict[str, PublicView] = OrderedDict()
        self._known: dict[tuple[bool, str], str] = {}  # (by id?, key) -> the version last read for it
        self._lock = threading.Lock()  # requests read on worker threads

    def _view(self, version: str | None, document: Any) -> PublicView | None:
        if version is None:
            return None
        with self._lock:
            view = self._decoded.get(version)
            if view is not None:
                self._decoded.move_to_end(version)
        if view is None and document is not None:
            view = _documents.structure(document, PublicView)
            with self._lock:
                self._decoded[version] = view
                if len(self._decoded) > _DECODED:
                    self._decoded.popitem(last=False)
        return view

    def find(self, *, profile_id: str | None = None, slug: str | None = None) -> StoredView | None:
        by_id = profile_id is not None
        statement, key = (_BY_ID, profile_id) if by_id else (_BY_SLUG, slug)
        known = self._known.get((by_id, str(key)))
        with reading_connection(self._reads()) as connection:
            row = connection.execute(statement, {"key": key, "known": known}).first()
            if row is None:
                return None
            view = self._view(row.version, row.document)
            if view is None and row.version is not None:  # held when asked, dropped from the decoded since
                row = connection.execute(statement, {"key": key, "known": None}).first()
                if row is None:
                    return None
                view = self._view(row.version, row.document)
        if row.version is not None:
            with self._lock:
                if len(self._known) >= 4 * _DECODED:
                    self._known.clear()
                self._known[(by_id, str(key))] = row.version
        fresh = row.built_generation == row.generation
        return StoredView(row.profile_id, row.generation, view, fresh)

    def generation_of(self, profile_id: str) -> int:
        with reading_connection(self._engine) as connection:
            found = connection.execute(_GENERATION, {"key": profile_id}).scalar()
        return int(found or 0)

    def invalidate(self, profile_id: str) -> None:
        for _attempt in range(3):
            try:
                with self._engine.begin() as connection:
                    if connection.execute(_MARK, {"key": profile_id}).rowcount == 0:
                        connection.execute(insert(t).values(profile_id=profile_id, generation=1))
                return
            except IntegrityError:  # marked at the same moment by another worker: mark the row it made
                continue

    def save(self, view: PublicView, generation: int) -> bool:
        values = {"slug": view.page.slug, "built_generation": generation, "version": view.version,
                  "document": _documents.unstructure(view)}  # fmt: skip
        try:
            with self._engine.begin() as connection:
                stored = connection.execute(
                    update(t).where(t.c.profile_id == view.profile_id, t.c.generation == generation).values(values)
                ).rowcount
                if stored == 0 and generation == 0:
                    connection.execute(insert(t).values(profile_id=view.profile_id, generation=0, **values))
                    stored = 1
        except IntegrityError:  # a change was marked (or another build stored) meanwhile
            return False
        return stored == 1

"""Wiring of the search context: the index SEARCH_BACKEND names, the indexer the relay feeds, the cursor key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from adapters.crypto.fernet_cipher import key_file_secret
from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from core.search.indexer import Indexer, indexer_consumers
from core.search.ports import SearchIndex
from core.search.sources import StoredProfileSnapshots
from core.shared.clock import Clock
from core.shared.relay import Consumer

if TYPE_CHECKING:
    from config.container import Container

MIN_KEY_BYTES = 32


@attrs.frozen
class SearchServices:
    """What the edges need to search (the index, the cursor key, the clock) and the indexer."""

    index: SearchIndex
    indexer: Indexer
    cursor_key: bytes
    clock: Clock


def cursor_key(secret: str, key_dir: str) -> bytes:
    """SEARCH_CURSOR_KEY (>= 32 bytes), else a key generated once into IDENTITY_KEY_DIR (embedded only)."""
    raw = secret or key_file_secret(Path(key_dir) / "search-cursor.key", what="SEARCH_CURSOR_KEY")
    if len(raw.encode()) < MIN_KEY_BYTES:
        raise ValueError(f"SEARCH_CURSOR_KEY must be at least {MIN_KEY_BYTES} bytes")
    return raw.encode()


def search_services(container: Container) -> SearchServices:
    """The index of SEARCH_BACKEND (sql: the database's own; typesense joins with its adapter)."""
    settings = container.settings()
    if settings.search_backend != "sql":  # pragma: no cover - settings accept only "sql" until typesense lands
        raise ValueError(f"SEARCH_BACKEND={settings.search_backend} has no adapter")
    index = SqlAlchemySearchIndex(container.engine())
    snapshots = StoredProfileSnapshots(
        container.onboarding_uow, container.calendar_uow, container.public_sources().gallery
    )
    clock = container.clock()
    return SearchServices(
        index,
        Indexer(snapshots, index, clock),
        cursor_key(settings.search_cursor_key, settings.identity_key_dir),
        clock,
    )


def with_indexer(container: Container, *consumers: Consumer) -> list[Consumer]:
    """The relay's consumers: ``consumers`` first (the account clean-up before the index forgets the account's
    profiles), then the search indexer's, one per indexed topic."""
    indexer = container.search().indexer
    return [*consumers, *indexer_consumers(indexer, container.profiles_uow, container.clock())]

"""Wiring of the search context: the index SEARCH_BACKEND names, the indexer the relay feeds, the cursor key."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import structlog

from adapters.crypto.fernet_cipher import key_file_secret
from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from adapters.sqlalchemy.search_synonyms import SqlAlchemySynonymStore
from adapters.typesense.generations import rebuild_behind_alias
from adapters.typesense.health import TypesenseProbe
from adapters.typesense.search import TypesenseSearchIndex, typesense_client
from config.settings import Settings
from config.tracing import traced_peer
from core.flags.model import Flag
from core.messaging.access import estranged_from
from core.search.collections import KindRoutedIndex
from core.search.desk import SearchDesk
from core.search.errors import IndexUnavailable
from core.search.fallback import FallbackSearchIndex
from core.search.hiding import HiddenProfiles
from core.search.hot_queries import SearchLimits, VersionedSearchIndex
from core.search.indexer import CONSUMER, INDEXED_TOPICS, Indexer, Rebuilt, indexer_consumers
from core.search.ports import SearchIndex, SynonymStore
from core.search.rollover import RolledOver, roll_over_availability
from core.search.sources import StoredProfileSnapshots
from core.search.synonyms import CachedSynonyms
from core.shared.clock import Clock
from core.shared.health import HealthProbe
from core.shared.relay import Consumer

if TYPE_CHECKING:
    from config.container import Container

MIN_KEY_BYTES = 32
WATCHED_CONSUMERS = {CONSUMER: INDEXED_TOPICS}  # /metrics: the indexer's backlog, lag and dead letters
PEOPLE_ALIAS, STUDIOS_ALIAS = "people", "studios"
_log = structlog.get_logger("rastup.search")


@attrs.frozen
class SearchServices:
    """What the edges need to search (the index, the cursor key, the clock) and the indexer."""

    index: SearchIndex
    indexer: Indexer
    cursor_key: bytes
    clock: Clock
    reindex: Callable[[], Rebuilt]  # `rastup search reindex`: on Typesense, a new collection and the alias swapped
    roll_over: Callable[[], RolledOver]  # the day's rollover: availability rows, then every document's days
    desk: SearchDesk  # what the routes call: the rate limit per client and the hot-query cache in front
    synonyms: SynonymStore  # what operators edit (`rastup search synonyms`); queries read it through the desk


def cursor_key(secret: str, key_dir: str) -> bytes:
    """SEARCH_CURSOR_KEY (>= 32 bytes), else a key generated once into IDENTITY_KEY_DIR (embedded only)."""
    raw = secret or key_file_secret(Path(key_dir) / "search-cursor.key", what="SEARCH_CURSOR_KEY")
    if len(raw.encode()) < MIN_KEY_BYTES:
        raise ValueError(f"SEARCH_CURSOR_KEY must be at least {MIN_KEY_BYTES} bytes")
    return raw.encode()


def typesense_index(settings: Settings, alias: str = PEOPLE_ALIAS) -> TypesenseSearchIndex:
    """An index on the TYPESENSE_NODES cluster (else the TYPESENSE_URL server) behind ``alias`` (``people``,
    ``studios``). Connects on first use."""
    nodes = settings.typesense_nodes or settings.typesense_url  # a cluster's nodes, or the one server
    client = typesense_client(nodes, settings.typesense_api_key, settings.typesense_timeout_s)
    return TypesenseSearchIndex(client, alias=alias)


def _log_degraded(error: IndexUnavailable) -> None:
    _log.warning("search_degraded", reason=error.reason)


def search_probes(settings: Settings) -> list[HealthProbe]:
    """The Typesense probe when it is the backend (it reports degraded search, never unreadiness)."""
    if settings.search_backend != "typesense":
        return []
    return [TypesenseProbe(typesense_index(settings).client)]


def search_services(container: Container) -> SearchServices:
    """SEARCH_BACKEND's index (sql: the database's own; typesense: Typesense, people and studios in collections of
    their own, with the SQL index as its fallback, written alongside and answering while Typesense is down or
    slow), its indexer, the cursor key, the clock, the desk and the synonyms."""
    settings, clock = container.settings(), container.clock()
    sql = SqlAlchemySearchIndex(container.engine(), reads=container.replica_reads().engine)
    sources = container.public_sources()
    snapshots = StoredProfileSnapshots(
        container.onboarding_uow, container.calendar_uow, sources.gallery, container.reviews_summary()
    )
    key = cursor_key(settings.search_cursor_key, settings.identity_key_dir)
    limits = SearchLimits(settings.search_rate_limit, settings.suggest_rate_limit)
    synonyms = SqlAlchemySynonymStore(container.engine())
    hidden = HiddenProfiles(partial(estranged_from, container.messaging_uow), snapshots.owned_by)

    def desk(index: VersionedSearchIndex) -> SearchDesk:
        return SearchDesk.of(index, cursor_key=key, clock=clock, limiter=container.rate_limiter(), limits=limits,
                             cache_ttl_s=settings.search_cache_ttl_s, refresh_ahead_s=settings.search_cache_refresh_s,
                             later=_background(), synonyms=CachedSynonyms(synonyms.all, clock.now),
                             hidden=hidden)  # fmt: skip

    if settings.search_backend != "typesense":
        versioned = VersionedSearchIndex(sql)
        indexer = Indexer(snapshots, versioned, clock)
        return SearchServices(
            versioned, indexer, key, clock, indexer.rebuild, _rollover(container, versioned), desk(versioned), synonyms
        )
    people, studios = typesense_index(settings), typesense_index(settings, STUDIOS_ALIAS)
    spans = container.peer_spans()  # the rebuild's fresh collections are not traced: an operator's rare command
    primary = KindRoutedIndex(*(traced_peer("typesense", index, settings, spans) for index in (people, studios)))
    switchboard = container.flags()
    index = VersionedSearchIndex(FallbackSearchIndex(
        primary, sql, clock, on_degraded=_log_degraded, primary_on=lambda: switchboard.is_on(Flag.SEARCH_TYPESENSE)
    ))  # fmt: skip

    def reindex() -> Rebuilt:
        """New people and studios collections built from the database (and the SQL index refreshed) with the
        synonyms, then each alias swapped (studios first)."""
        started = int(clock.now().timestamp() * 1_000_000)  # no later than any version the rebuild writes

        def build(fresh_people: TypesenseSearchIndex, fresh_studios: TypesenseSearchIndex) -> Rebuilt:
            fresh = KindRoutedIndex(fresh_people, fresh_studios)
            fresh.use_synonyms(synonyms.all())
            return Indexer(snapshots, FallbackSearchIndex(fresh, sql, clock), clock).rebuild()

        return rebuild_behind_alias(
            people, started, lambda fresh_people: rebuild_behind_alias(studios, started, partial(build, fresh_people))
        )

    return SearchServices(
        index, Indexer(snapshots, index, clock), key, clock, reindex, _rollover(container, index), desk(index), synonyms
    )


def _background() -> Callable[[Callable[[], None]], object]:
    """The cache's refreshes, one at a time on a thread of their own (started at the first): a refresh that fails
    is logged and its answer left to expire."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-refresh")

    def run(job: Callable[[], None]) -> None:
        try:
            job()
        except Exception:
            _log.warning("search_cache_refresh_failed", exc_info=True)

    return lambda job: executor.submit(run, job)


def _rollover(container: Container, index: SearchIndex) -> Callable[[], RolledOver]:
    return lambda: roll_over_availability(container.calendar_uow(), index, container.clock())


def with_indexer(container: Container, *consumers: Consumer) -> list[Consumer]:
    """The relay's consumers: ``consumers`` first (the account clean-up before the index forgets the account's
    profiles), then the search indexer's, one per indexed topic."""
    indexer = container.search().indexer
    return [*consumers, *indexer_consumers(indexer, container.profiles_uow, container.clock())]

"""The live stream's fan-out (LIVE_FEED_BACKEND): in this process, or to every worker through PostgreSQL or Redis."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers
from sqlalchemy import make_url

from adapters.memory.live_feed import InProcessLiveFeed
from adapters.redis.live_feed import RedisNotices
from adapters.sqlalchemy.live_feed import PostgresNotices
from adapters.system.live_relay import relayed_live_feed
from config.settings import Settings
from config.singleton import Singleton


def live_feed_backend(settings: Settings) -> str:
    """``auto`` follows the database: ``postgres`` (LISTEN/NOTIFY) on PostgreSQL, ``memory`` on SQLite."""
    if settings.live_feed_backend != "auto":
        return settings.live_feed_backend
    return "postgres" if make_url(settings.database_url).get_backend_name() == "postgresql" else "memory"


def live_feed(
    settings: providers.Dependency[Settings], engine: providers.Provider[Any], redis: providers.Provider[Any]
) -> providers.Selector[Any]:
    """The ``LiveFanOut`` chosen by ``live_feed_backend``; every backend delivers through this process's streams."""
    return providers.Selector(
        providers.Callable(live_feed_backend, settings),
        memory=Singleton(InProcessLiveFeed),
        postgres=providers.Resource(
            relayed_live_feed, Singleton(PostgresNotices, engine), Singleton(InProcessLiveFeed)
        ),
        redis=providers.Resource(relayed_live_feed, Singleton(RedisNotices, redis), Singleton(InProcessLiveFeed)),
    )

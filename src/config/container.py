"""The one composition root: which adapter serves each port, chosen from settings.

Nothing here connects at import time; providers build adapters on first use. Entrypoints are the only
code that asks the container for things.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.memory.payments import InMemoryPaymentGateway
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.redis.client import redis_client
from adapters.redis.health import RedisProbe
from adapters.redis.rate_limiter import RedisRateLimiter
from adapters.sqlalchemy.engine import database_engine
from adapters.sqlalchemy.health import DatabaseProbe
from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from adapters.system.clock import SystemClock, UlidIds
from config.settings import Settings
from core.shared.events import EventBus
from core.shared.health import HealthProbe


def _flatten(*groups: list[HealthProbe]) -> list[HealthProbe]:
    return [probe for group in groups for probe in group]


class Container(containers.DeclarativeContainer):
    """Adapters wired from ``settings``. Override providers in tests (``container.clock.override``)."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UlidIds)
    event_bus = providers.Singleton(EventBus)

    engine = providers.Resource(database_engine, url=settings.provided.database_url)
    profiles_uow = providers.Factory(SqlAlchemyProfilesUnitOfWork, engine=engine)

    payments = providers.Selector(
        settings.provided.payments_backend,
        test=providers.Singleton(InMemoryPaymentGateway, ids=ids),
    )

    redis = providers.Resource(redis_client, url=settings.provided.redis_url)
    rate_limiter = providers.Selector(
        settings.provided.rate_limit_backend,
        memory=providers.Singleton(InMemoryRateLimiter),
        redis=providers.Singleton(RedisRateLimiter, client=redis),
    )

    health_probes = providers.Callable(
        _flatten,
        providers.List(providers.Factory(DatabaseProbe, engine=engine)),
        providers.Selector(
            settings.provided.rate_limit_backend,
            memory=providers.List(),
            redis=providers.List(providers.Factory(RedisProbe, client=redis)),
        ),
    )


def build_container(settings: Settings | None = None) -> Container:
    """Build the container for ``settings`` (read from the environment when not given)."""
    return Container(settings=settings or Settings.from_env())

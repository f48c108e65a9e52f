"""The one composition root: which adapter serves each port, chosen from settings.

Nothing here connects at import time; providers build adapters on first use. Entrypoints are the only
code that asks the container for things.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.sqlalchemy.engine import database_engine
from adapters.sqlalchemy.health import DatabaseProbe
from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from adapters.system.clock import SystemClock, UlidIds
from config.settings import Settings
from core.shared.events import EventBus


class Container(containers.DeclarativeContainer):
    """Adapters wired from ``settings``. Override providers in tests (``container.clock.override``)."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UlidIds)
    event_bus = providers.Singleton(EventBus)

    engine = providers.Resource(database_engine, url=settings.provided.database_url)
    profiles_uow = providers.Factory(SqlAlchemyProfilesUnitOfWork, engine=engine)

    health_probes = providers.List(
        providers.Factory(DatabaseProbe, engine=engine),
    )


def build_container(settings: Settings | None = None) -> Container:
    """Build the container for ``settings`` (read from the environment when not given)."""
    return Container(settings=settings or Settings.from_env())

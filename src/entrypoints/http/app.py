"""The Litestar application factory: routes, dependencies from the container, errors, logs, metrics."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.plugins.attrs import AttrsSchemaPlugin
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController

from config.container import Container
from config.logging import configure_logging
from entrypoints.http.bodies import validate_body
from entrypoints.http.middleware import request_id_middleware
from entrypoints.http.problems import EXCEPTION_HANDLERS
from entrypoints.http.routes import ops, profiles


class MetricsController(PrometheusController):
    path = "/metrics"
    include_in_schema = False


def _dependencies(container: Container) -> dict[str, Provide]:
    """Bridge the dependency-injector container into Litestar's per-request dependencies."""

    def provider(factory: Any) -> Provide:
        return Provide(lambda: factory(), sync_to_thread=False, use_cache=False)

    return {
        "profiles_uow": provider(container.profiles_uow),
        "clock": provider(container.clock),
        "ids": provider(container.ids),
        "health_probes": provider(container.health_probes),
    }


def create_app(container: Container) -> Litestar:
    """Build the app around ``container``; nothing connects until the first request needs it."""
    settings = container.settings()
    configure_logging(settings.log_level, settings.log_json)
    metrics = PrometheusConfig(app_name="rastup", prefix="rastup", group_path=True, exclude=["/metrics"])
    return Litestar(
        route_handlers=[ops.healthz, ops.readyz, ops.problem_type, profiles.router, MetricsController],
        dependencies=_dependencies(container),
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=validate_body,
        middleware=[request_id_middleware, metrics.middleware],
        plugins=[AttrsSchemaPlugin()],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(title="RastUp core API", version="0.1.0", path="/schema"),
        on_shutdown=[lambda: container.shutdown_resources()],
        logging_config=None,
        debug=False,
    )

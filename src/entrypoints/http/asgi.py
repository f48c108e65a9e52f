"""The ASGI entry for uvicorn workers: ``uvicorn entrypoints.http.asgi:app_from_env --factory``."""

from __future__ import annotations

from litestar import Litestar

from config.container import build_container
from entrypoints.http.app import create_app


def app_from_env() -> Litestar:
    """Each worker process builds its own container from the environment."""
    return create_app(build_container())

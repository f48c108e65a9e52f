"""Settings: the environment read once, into a frozen value that the container consumes."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

DEFAULT_DATABASE_URL = "sqlite:///./var/rastup.db"


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot run with."""

    def __init__(self, variable: str, value: str, reason: str) -> None:
        super().__init__(f"{variable}={value!r}: {reason}")
        self.variable = variable


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower()
    if value not in allowed:
        raise SettingsError(name, value, f"must be one of {', '.join(allowed)}")
    return value


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(name, raw, "must be a whole number") from None
    if value < minimum:
        raise SettingsError(name, raw, f"must be at least {minimum}")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(name, raw, "must be true or false")


@attrs.frozen
class Settings:
    """Everything the service reads from its environment. Build with ``Settings.from_env()``."""

    database_url: str = DEFAULT_DATABASE_URL
    search_backend: str = "sql"  # sql (typesense with the search issue)
    payments_backend: str = "test"  # test (stripe with the Stripe issue)
    media_backend: str = "local"  # local (s3 with the media issue)
    rate_limit_backend: str = "memory"  # memory | redis
    redis_url: str = "redis://127.0.0.1:6379/0"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    log_json: bool = True
    max_body_bytes: int = 1_048_576
    public_base_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the plain names the plan uses (``DATABASE_URL``, ``SEARCH_BACKEND``, ...); ``env`` is for tests."""
        env = os.environ if env is None else env
        port = _int(env, "PORT", 8000, minimum=1)
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            # Only backends whose adapters exist are accepted; typesense, stripe and s3 join these lists
            # with their adapters, so a typo or a not-yet-built backend stops start-up with a clear message.
            search_backend=_choice(env, "SEARCH_BACKEND", "sql", ("sql",)),
            payments_backend=_choice(env, "PAYMENTS_BACKEND", "test", ("test",)),
            media_backend=_choice(env, "MEDIA_BACKEND", "local", ("local",)),
            rate_limit_backend=_choice(env, "RATE_LIMIT_BACKEND", "memory", ("memory", "redis")),
            redis_url=env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            host=env.get("HOST", "127.0.0.1"),
            port=port,
            workers=_int(env, "WEB_CONCURRENCY", 1, minimum=1),
            log_level=_choice(env, "LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
            log_json=_flag(env, "LOG_JSON", True),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_048_576, minimum=1024),
            public_base_url=env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}"),
        )

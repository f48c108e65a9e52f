"""Which fan-out the live stream gets: PostgreSQL's LISTEN/NOTIFY on a PostgreSQL database, else this process's;
LIVE_FEED_BACKEND overrides (``redis``: pub/sub), and asking for PostgreSQL's on SQLite stops start-up. Nothing
connects to choose."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.memory.live_feed import InProcessLiveFeed
from adapters.system.live_relay import RelayedLiveFeed
from config.container import build_container
from config.settings import Settings, SettingsError

PG = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # never reached: choosing connects nothing


@pytest.mark.parametrize(
    ("env", "chosen"),
    [({"DATABASE_URL": PG}, RelayedLiveFeed), ({}, InProcessLiveFeed),
     ({"DATABASE_URL": PG, "LIVE_FEED_BACKEND": "memory"}, InProcessLiveFeed),
     ({"DATABASE_URL": PG, "LIVE_FEED_BACKEND": "Postgres"}, RelayedLiveFeed),
     ({"LIVE_FEED_BACKEND": "redis", "REDIS_URL": "redis://127.0.0.1:1/0"}, RelayedLiveFeed)],
)  # fmt: skip
def test_the_database_picks_the_fan_out_unless_the_setting_does(
    env: dict[str, str], chosen: type, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", **env}
    container = build_container(Settings.from_env(env))
    assert type(container.live_feed()) is chosen
    container.shutdown_resources()


def test_postgres_fan_out_on_sqlite_is_refused_at_start() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"DATABASE_URL": "sqlite:///./var/x.db", "LIVE_FEED_BACKEND": "postgres"})
    assert caught.value.variable == "LIVE_FEED_BACKEND"

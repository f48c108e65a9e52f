"""The `rastup` command: serve, migrate, seed, and the operator commands of each context."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated

import typer

from config.logging import configure_logging
from config.settings import Settings, SettingsError
from entrypoints.cli import (
    backups,
    bookings,
    calendar,
    delivery,
    demo,
    digests,
    flags,
    media_check,
    onboarding,
    outbox,
    profiles,
    services,
    synthetic,
    users,
    verification,
)
from entrypoints.cli import media as media_cli
from entrypoints.cli import messages as messages_cli
from entrypoints.cli import payments as payments_cli
from entrypoints.cli import reviews as reviews_cli
from entrypoints.cli import search as search_cli
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import begin

app = typer.Typer(name="rastup", help="RastUp marketplace core.", no_args_is_help=True, add_completion=False)


@app.callback()
def _invocation(ctx: typer.Context) -> None:
    """One container per invocation (``invocation.py``), built when a command first asks for it and closed after
    it. Log lines go to stderr as the service's do (LOG_LEVEL, LOG_JSON), so stdout stays the command's output."""
    try:
        settings: Settings | None = Settings.from_env()
    except SettingsError:  # the command itself reports the bad variable when it builds the container
        settings = None
    logs = settings or Settings()
    configure_logging(logs.log_level, logs.log_json)
    ctx.call_on_close(begin(settings))


db = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(profiles.app, name="profiles")
app.add_typer(calendar.app, name="calendar")
app.add_typer(services.app, name="services")
app.add_typer(bookings.app, name="bookings")
app.add_typer(onboarding.app, name="onboarding")
app.add_typer(verification.app, name="verification")
app.add_typer(digests.app, name="digests")
app.add_typer(delivery.app, name="delivery")
app.add_typer(outbox.app, name="outbox")
app.add_typer(flags.app, name="flags")
synthetic.app.command()(backups.backup)
synthetic.app.command()(backups.restore)
synthetic.app.command("wal-sync")(backups.wal_sync)
synthetic.app.command("check-media")(media_check.check_media)
app.add_typer(synthetic.app, name="ops")
app.add_typer(users.app, name="users")
app.add_typer(users.audit_app, name="audit")
app.add_typer(media_cli.app, name="media")
app.add_typer(search_cli.app, name="search")
app.add_typer(payments_cli.app, name="payments")
app.add_typer(reviews_cli.app, name="reviews")
app.add_typer(messages_cli.app, name="messages")


@db.command()
@reports_errors
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision; default: every branch head.")] = "heads",
) -> None:
    """Apply the migrations to DATABASE_URL (SQLite or PostgreSQL)."""
    from adapters.sqlalchemy.migrate import upgrade as run_upgrade

    settings = Settings.from_env()
    run_upgrade(settings.database_url, revision)
    typer.echo(f"database at {revision}: {_safe_url(settings.database_url)}")


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
@reports_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Interface; default HOST or 127.0.0.1.")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Default PORT or 8000.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Default WEB_CONCURRENCY or 1.")] = None,
) -> None:
    """Serve the HTTP API with uvicorn."""
    import uvicorn

    settings = Settings.from_env()
    host, port, workers = host or settings.host, port or settings.port, workers or settings.workers
    # Workers read their settings from the environment: what was chosen here is what they serve, and the
    # default PUBLIC_BASE_URL (every absolute URL the service builds) follows it.
    os.environ["HOST"], os.environ["PORT"] = host, str(port)
    metrics_dir = None
    if workers > 1 and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        # Several workers share one /metrics view through prometheus-client's multiprocess mode; the
        # variable must be set before the workers start and import prometheus_client.
        metrics_dir = tempfile.mkdtemp(prefix="rastup-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    base = Settings.from_env().public_base_url
    typer.echo(f"RastUp serving on http://{host}:{port}  (API docs: {base}/schema; public URLs: {base})")
    try:
        uvicorn.run(
            "entrypoints.http.asgi:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,  # the app logs one structured line per request itself
            proxy_headers=False,  # the app itself believes forwarded headers, from TRUSTED_PROXIES only
            # uvicorn kills a worker that misses its 5 s health ping; one still importing on a busy host would be
            # killed and respawned forever (seen with 2 workers on a loaded 2-core machine)
            timeout_worker_healthcheck=60,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def main() -> None:
    app()

"""PostgreSQL outages become one port error, ``DatabaseUnavailable``, with bounded waits on every path.

A server restart, ``pg_terminate_backend``, a reset or a silent network would otherwise surface as a driver
exception (a 500) or hang a worker for as long as TCP takes to give up. Here:

- ``EngineLimits`` (engine_limits.py) bounds each wait: the pool (size, overflow, checkout wait), a new connection
  (``connect_timeout``), a statement on the server (``statement_timeout``) and any answer on the wire
  (``io_timeout_s``: a client-side deadline, the only one that holds when packets vanish);
- ``install`` translates, on the engine's ``handle_error`` hook, disconnects and connection-class errors
  (SQLSTATE 08, 53, 57: refused, shut down, terminated, cancelled by the statement timeout) into
  ``DatabaseUnavailable``; SQLAlchemy still invalidates the pool, so the next unit connects afresh;
- ``OutageAwarePool`` says the same when every pooled connection stayed busy past the checkout wait.

Other errors (integrity, serialization) pass through untouched: they are answers, not outages.
"""

from __future__ import annotations

from typing import Any

import psycopg
import structlog
from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import QueuePool

from adapters.sqlalchemy.engine_limits import EngineLimits
from core.shared.errors import DatabaseUnavailable

log = structlog.get_logger("rastup.database")

_OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57")  # connection exception, insufficient resources, operator intervention
RETRY_AFTER_S = 2


class OutageAwarePool(QueuePool):
    """A queue pool whose checkout wait, when it runs out, is an outage like any other."""

    def _do_get(self) -> Any:
        try:
            return super()._do_get()
        except PoolTimeout as error:
            log.warning("database_pool_exhausted", size=self.size(), checked_out=self.checkedout())
            raise DatabaseUnavailable("every connection is busy", RETRY_AFTER_S) from error


class _DeadlineConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait on the socket ends after ``io_timeout_s`` (0: never).

    psycopg's ``wait`` takes a timeout but queries never pass one; a query sent into a silent network
    would wait forever. On the deadline the connection is closed (its state is unknown), which SQLAlchemy
    sees as a disconnect.
    """

    io_timeout_s: float = 0.0

    def wait(self, gen: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None and self.io_timeout_s:
            kwargs["timeout"] = self.io_timeout_s
        try:
            return super().wait(gen, *args, **kwargs)
        except psycopg.errors._WaitTimeout as error:  # what ``wait`` raises on its timeout (documented there)
            self.pgconn.finish()
            raise psycopg.OperationalError(f"no answer from the server within {kwargs['timeout']} s") from error


def install(engine: Engine, limits: EngineLimits) -> None:
    """Connect through the deadline connection and translate outages on ``engine`` (a PostgreSQL one)."""
    connection_class = type("DeadlineConnection", (_DeadlineConnection,), {"io_timeout_s": limits.io_timeout_s})

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        return connection_class.connect(*cargs, **cparams)

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> DatabaseUnavailable | None:
        error = context.original_exception
        reason = _outage_reason(error, disconnect=context.is_disconnect)
        if reason is None:
            return None
        log.warning("database_unavailable", reason=reason, error=type(error).__name__, detail=str(error)[:200])
        return DatabaseUnavailable(reason, RETRY_AFTER_S)


def _outage_reason(error: BaseException, *, disconnect: bool) -> str | None:
    """Words for the client (no host, port or driver text), or None when ``error`` is not an outage."""
    if disconnect:
        return "connection lost"
    if not isinstance(error, psycopg.OperationalError):
        return None
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate is None:  # raised by the client: refused, timed out connecting, no answer in time
        return "no connection"
    if sqlstate == "57014":
        return "statement timed out"
    return "server unavailable" if sqlstate[:2] in _OUTAGE_SQLSTATE_CLASSES else None

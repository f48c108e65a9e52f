"""How long anything waits on PostgreSQL, and how many connections a worker keeps: one value, no driver import."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class EngineLimits:
    """How long anything waits on PostgreSQL, and how many connections a worker keeps (see the README)."""

    pool_size: int = 10
    max_overflow: int = 10
    pool_timeout_s: float = 5.0  # waiting for a pooled connection
    pool_recycle_s: int = 1800  # retire connections before proxies' idle timeouts cut them
    connect_timeout_s: int = 5  # libpq connect_timeout (whole seconds, at least 2)
    statement_timeout_s: float = 15.0  # server side: a statement running longer is cancelled (0: never)
    io_timeout_s: float = 20.0  # client side: no answer on the wire for this long ends the connection (0: never)

    def connect_args(self) -> dict[str, Any]:
        options = "-c timezone=UTC"
        if self.statement_timeout_s:
            options += f" -c statement_timeout={int(self.statement_timeout_s * 1000)}"
        return {"options": options, "connect_timeout": max(2, self.connect_timeout_s)}

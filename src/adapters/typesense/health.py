"""Readiness probe for Typesense: a failing server degrades search (the SQL index answers), it does not make the
service unready, so the probe says so in its detail and stays ok."""

from __future__ import annotations

import httpx
import typesense
from typesense.exceptions import TypesenseClientError

from core.shared.health import HealthStatus

COMPONENT = "search (typesense)"


class TypesenseProbe:
    def __init__(self, client: typesense.Client) -> None:
        self._client = client

    def check(self) -> HealthStatus:
        try:
            healthy = self._client.operations.is_healthy()
        except (TypesenseClientError, httpx.HTTPError) as error:
            healthy, why = False, type(error).__name__
        else:
            why = "not healthy"
        if healthy:
            return HealthStatus(COMPONENT, True)
        # still ready: every query falls back to the SQL index (X-Search-Degraded), nothing answers 5xx
        return HealthStatus(COMPONENT, True, f"degraded: {why}; queries answer from the SQL index")

"""The payment call journal in memory: what each idempotent gateway call answered, for the process's life."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from core.payments.model import GatewayCall


class InMemoryPaymentCallJournal:
    """Thread-safe; forgets everything when the process ends (the SQL journal does not)."""

    def __init__(self) -> None:
        self._calls: dict[str, GatewayCall] = {}
        self._lock = threading.Lock()

    def begin(self, key: str, fingerprint: str, now: datetime) -> GatewayCall | None:
        with self._lock:
            if key in self._calls:
                return self._calls[key]
            self._calls[key] = GatewayCall(key, fingerprint, None)
            return None

    def settle(self, key: str, outcome: Mapping[str, Any]) -> None:
        with self._lock:
            self._calls[key] = attrs.evolve(self._calls[key], outcome=dict(outcome))

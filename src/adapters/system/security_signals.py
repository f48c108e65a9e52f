"""Identity's security signals on ``/metrics`` and in the log (``core.identity.service_ports.SecuritySignals``).

``rastup_security_events_total{event="sign_in_failed"}`` is what an alert on credential stuffing watches; the log
line ``security_event`` carries the event's ids and reasons (the core never hands over an email or an address).
"""

from __future__ import annotations

from collections.abc import Mapping

import structlog
from prometheus_client import Counter

EVENTS = Counter("rastup_security_events", "Identity security events by kind", ["event"])
log = structlog.get_logger("rastup.security")


class LoggedSecuritySignals:
    """Counts each signal by kind and logs it at info."""

    def observed(self, event: str, fields: Mapping[str, str]) -> None:
        EVENTS.labels(event=event).inc()
        log.info("security_event", kind=event, **fields)

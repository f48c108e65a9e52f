"""The readiness-probe port every adapter with a remote peer implements."""

from __future__ import annotations

from typing import Protocol

import attrs


@attrs.frozen
class HealthStatus:
    """One component's answer: ``ok`` or degraded, with a short reason when degraded."""

    component: str
    ok: bool
    detail: str = ""


class HealthProbe(Protocol):
    """Checks that one configured adapter can do its work now."""

    def check(self) -> HealthStatus:
        """Return the component's status. Never raises: a failure is an ``ok=False`` status."""
        ...

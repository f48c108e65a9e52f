"""Operational endpoints: liveness, readiness, and the problem-type catalogue."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from entrypoints.http.dependencies import HealthProbes
from entrypoints.http.problems import PROBLEM_BASE, PROBLEMS


@attrs.frozen
class ComponentOut:
    component: str
    ok: bool
    detail: str


@attrs.frozen
class ReadinessOut:
    status: str  # "ready" or "degraded"
    components: list[ComponentOut]


@get("/healthz", sync_to_thread=False, include_in_schema=True, tags=["ops"])
def healthz() -> dict[str, str]:
    """Liveness: the process is up and serving. Checks nothing else, on purpose."""
    return {"status": "ok"}


@get("/readyz", sync_to_thread=True, tags=["ops"])
def readyz(health_probes: HealthProbes) -> Response[ReadinessOut]:
    """Readiness: every configured adapter answers; 503 names the degraded ones."""
    statuses = [probe.check() for probe in health_probes]
    components = [ComponentOut(s.component, s.ok, s.detail) for s in statuses]
    ready = all(s.ok for s in statuses)
    return Response(ReadinessOut("ready" if ready else "degraded", components), status_code=200 if ready else 503)


@get(PROBLEM_BASE + "{code:str}", sync_to_thread=False, tags=["ops"])
def problem_type(code: FromPath[str]) -> dict[str, Any]:
    """Describe a problem ``type`` URI, so every problem+json links to a page that exists."""
    if code not in PROBLEMS:
        raise NotFoundException(f"no problem type {code!r}")
    status, title = PROBLEMS[code]
    return {"type": PROBLEM_BASE + code, "title": title, "status": status}

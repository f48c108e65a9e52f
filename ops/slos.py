"""The SLO file read into values: route classes, their selectors and their two objectives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import attrs
import yaml

SLO_FILE = Path(__file__).with_name("slo.yaml")
Sli = Literal["availability", "latency"]


@attrs.frozen
class Objective:
    """One SLO of a route class: ``objective`` percent good over the window; latency has its threshold."""

    sli: Sli
    objective: float
    plan: float
    basis: str
    threshold_ms: int | None = None
    plan_ms: int | None = None

    @property
    def good(self) -> str:
        """What a good request is, in words."""
        return "answered without a 5xx" if self.sli == "availability" else f"answered within {self.threshold_ms} ms"

    @property
    def error_budget(self) -> float:
        """The allowed share of bad requests, e.g. 0.001 for 99.9 %."""
        return round(1 - self.objective / 100, 10)


@attrs.frozen
class RouteClass:
    """Routes that share objectives, chosen by RE2 patterns over the route template."""

    name: str
    title: str
    paths: tuple[str, ...]
    excluded: tuple[str, ...]  # route templates this class never takes (other classes', ops)
    latency_excludes: tuple[str, ...]
    availability: Objective
    latency: Objective
    pending: str | None

    def takes(self, template: str, sli: Sli = "availability") -> bool:
        """Whether a request to ``template`` counts towards this class's ``sli``, as the PromQL selects it."""
        skip = self.excluded + (self.latency_excludes if sli == "latency" else ())
        return _full_match(self.paths, template) and not _full_match(skip, template)

    @property
    def objectives(self) -> tuple[Objective, Objective]:
        """Availability, then latency."""
        return (self.availability, self.latency)


@attrs.frozen
class SloFile:
    """The whole file: which metrics to read, over how many days, and the route classes."""

    service: str
    window_days: int
    requests_metric: str
    duration_metric: str
    ops_paths: tuple[str, ...]
    route_classes: tuple[RouteClass, ...]


def _full_match(patterns: tuple[str, ...], template: str) -> bool:
    return any(re.fullmatch(pattern, template) for pattern in patterns)


def _objective(sli: Sli, raw: dict[str, Any]) -> Objective:
    objective = Objective(
        sli=sli,
        objective=float(raw["objective"]),
        plan=float(raw.get("plan", raw["objective"])),
        basis=str(raw["basis"]),
        threshold_ms=raw.get("threshold_ms"),
        plan_ms=raw.get("plan_ms"),
    )
    if sli == "latency" and objective.threshold_ms is None:
        raise ValueError("a latency objective needs threshold_ms")
    return objective


def load(path: Path = SLO_FILE) -> SloFile:
    """Read and check the SLO file; a catch-all class takes what no other class (nor ops) does."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    ops_paths = tuple(raw["ops_paths"])
    specific = tuple(p for rc in raw["route_classes"] if not rc.get("catch_all") for p in rc["paths"])
    classes = []
    for rc in raw["route_classes"]:
        catch_all = bool(rc.get("catch_all"))
        classes.append(
            RouteClass(
                name=rc["name"],
                title=rc["title"],
                paths=(".+",) if catch_all else tuple(rc["paths"]),
                excluded=ops_paths + specific if catch_all else (),
                latency_excludes=tuple(rc.get("latency_excludes", ())),
                availability=_objective("availability", rc["availability"]),
                latency=_objective("latency", rc["latency"]),
                pending=rc.get("pending"),
            )
        )
    metrics = raw["metrics"]
    return SloFile(
        service=raw["service"],
        window_days=int(raw["window_days"]),
        requests_metric=metrics["requests"],
        duration_metric=metrics["duration"],
        ops_paths=ops_paths,
        route_classes=tuple(classes),
    )

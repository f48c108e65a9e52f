"""Prometheus recording and multi-window, multi-burn-rate alerting rules from the SLO file (SRE workbook ch. 5)."""

from __future__ import annotations

import json
from typing import Any

from prometheus_client.utils import floatToGoString

from ops.slos import Objective, RouteClass, SloFile

# (severity, long window, short window, burn rate): page when an hour burns 2 % of the 30-day budget (or six hours
# burn 5 %), open a ticket when three days burn 10 %; the short window lets the alert stop soon after recovery.
BURN_ALERTS = (
    ("page", "1h", "5m", 14.4),
    ("page", "6h", "30m", 6.0),
    ("ticket", "3d", "6h", 1.0),
)
ALERT_WINDOWS = ("5m", "30m", "1h", "6h", "3d")
ALERT_NAME = "SLOErrorBudgetBurn"


def slo_name(route_class: RouteClass, objective: Objective) -> str:
    return f"{route_class.name}-{objective.sli}"


def _regex(patterns: tuple[str, ...]) -> str:
    return json.dumps("|".join(patterns))  # a PromQL string: Go's escapes are JSON's for these characters


def selector(route_class: RouteClass, objective: Objective, *extra: str) -> str:
    """The label matchers choosing this SLO's request series (Prometheus anchors each regex at both ends)."""
    matchers = [] if route_class.paths == (".+",) else [f"path=~{_regex(route_class.paths)}"]
    skip = route_class.excluded + (route_class.latency_excludes if objective.sli == "latency" else ())
    if skip:
        matchers.append(f"path!~{_regex(skip)}")
    return "{" + ", ".join([*matchers, *extra]) + "}"


def error_ratio(slos: SloFile, route_class: RouteClass, objective: Objective, window: str) -> str:
    """The share of bad requests over ``window``: 5xx answers, or answers slower than the threshold."""
    if objective.sli == "availability":
        requests = slos.requests_metric
        five_xx = selector(route_class, objective, 'status_code=~"5.."')
        bad = f"sum(rate({requests}{five_xx}[{window}]))"
        total = f"sum(rate({requests}{selector(route_class, objective)}[{window}]))"
        return f"({bad} or vector(0))\n/\n{total}\n"  # no 5xx series yet is no error, not no data
    assert objective.threshold_ms is not None
    le = floatToGoString(objective.threshold_ms / 1000)  # exactly as prometheus_client writes the bucket's label
    duration = slos.duration_metric
    within = selector(route_class, objective, f'le="{le}"')
    fast = f"sum(rate({duration}_bucket{within}[{window}]))"
    total = f"sum(rate({duration}_count{selector(route_class, objective)}[{window}]))"
    return f"1 - (\n  {fast}\n  /\n  {total}\n)\n"


def _burn(name: str, long: str, short: str, rate: float, budget: float) -> str:
    threshold = f"({rate:g} * {budget:g})"
    return (
        f'  slo:sli_error:ratio_rate{long}{{slo="{name}"}} > {threshold}\n  and\n'
        f'  slo:sli_error:ratio_rate{short}{{slo="{name}"}} > {threshold}'
    )


def _alert(name: str, labels: dict[str, str], objective: Objective, severity: str) -> dict[str, Any]:
    conditions = [(long, short, rate) for sev, long, short, rate in BURN_ALERTS if sev == severity]
    expr = "\nor\n".join(f"(\n{_burn(name, *condition, objective.error_budget)}\n)" for condition in conditions)
    burns = " or ".join(f"{rate:g}x over {long} and {short}" for long, short, rate in conditions)
    return {
        "alert": ALERT_NAME,
        "expr": expr + "\n",
        "labels": {**labels, "severity": severity},
        # one static line: promtool's unit tests state it exactly; the dashboard has the figures
        "annotations": {
            "summary": f"{name} ({objective.objective:g} % {objective.good}) is burning its 30-day error "
            f"budget at {burns}"
        },
    }


def _record(series: str, expr: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"record": series, "expr": expr, "labels": labels}


def rule_groups(slos: SloFile) -> dict[str, Any]:
    """One group per SLO: its error ratio per window, objective and budget left, then its two alerts."""
    groups = []
    for route_class in slos.route_classes:
        for objective in route_class.objectives:
            name = slo_name(route_class, objective)
            labels = {"slo": name, "route_class": route_class.name, "sli": objective.sli}
            budget_window = f"{slos.window_days}d"  # also the dashboard's: the SLI and budget left over it
            rules: list[dict[str, Any]] = [
                _record(f"slo:sli_error:ratio_rate{window}", error_ratio(slos, route_class, objective, window), labels)
                for window in (*ALERT_WINDOWS, budget_window)
            ]
            spent = f'slo:sli_error:ratio_rate{budget_window}{{slo="{name}"}} / {objective.error_budget:g}'
            rules.append(_record("slo:objective:ratio", f"vector({objective.objective / 100:g})", labels))
            rules.append(_record("slo:error_budget_remaining:ratio", f"1 - {spent}", labels))
            rules += [_alert(name, labels, objective, severity) for severity in ("page", "ticket")]
            groups.append({"name": f"slo-{name}", "rules": rules})
    return {"groups": groups}

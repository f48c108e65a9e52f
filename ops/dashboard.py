"""The Grafana dashboard of the SLOs: per SLO, the SLI against its objective, the budget left and the burn rates."""

from __future__ import annotations

from typing import Any

from ops.rules import BURN_ALERTS, slo_name
from ops.slos import Objective, RouteClass, SloFile

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
UID = "rastup-slos"


def _target(expr: str, legend: str, ref: str) -> dict[str, Any]:
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "refId": ref}


def _thresholds(*steps: tuple[str, float | None]) -> dict[str, Any]:
    return {"mode": "absolute", "steps": [{"color": color, "value": value} for color, value in steps]}


def _plan(objective: Objective) -> str:
    if objective.sli == "latency":
        return f"the plan: p{objective.plan:g} within {objective.plan_ms} ms"
    return f"the plan: {objective.plan:g} %"


def _sli_panel(name: str, objective: Objective, title: str, days: int) -> dict[str, Any]:
    return {
        "type": "timeseries",
        "title": f"{title}: share {objective.good}",
        "description": f"Objective {objective.objective:g} % {objective.good} ({_plan(objective)}). {objective.basis}",
        "fieldConfig": {"defaults": {"unit": "percentunit", "decimals": 2}, "overrides": []},
        "targets": [
            _target(f'1 - slo:sli_error:ratio_rate1h{{slo="{name}"}}', "SLI (1 h)", "A"),
            _target(f'1 - slo:sli_error:ratio_rate{days}d{{slo="{name}"}}', f"SLI ({days} d)", "B"),
            _target(f'slo:objective:ratio{{slo="{name}"}}', "objective", "C"),
        ],
    }


def _budget_panel(name: str, days: int) -> dict[str, Any]:
    steps = _thresholds(("red", None), ("orange", 0), ("green", 0.25))
    return {
        "type": "stat",
        "title": f"Error budget left ({days} d)",
        "fieldConfig": {"defaults": {"unit": "percentunit", "decimals": 1, "thresholds": steps}, "overrides": []},
        "options": {"colorMode": "background", "reduceOptions": {"calcs": ["lastNotNull"]}},
        "targets": [_target(f'slo:error_budget_remaining:ratio{{slo="{name}"}}', "budget left", "A")],
    }


def _burn_panel(name: str, objective: Objective) -> dict[str, Any]:
    windows = sorted({long for _, long, _, _ in BURN_ALERTS}, key=("1h", "6h", "3d").index)
    rates = sorted({rate for *_, rate in BURN_ALERTS})
    colours = dict(zip(rates, ("orange", "red", "dark-red"), strict=True))  # ticket, then the two paging rates
    steps = _thresholds(("green", None), *((colours[rate], rate) for rate in rates))
    return {
        "type": "timeseries",
        "title": "Burn rate (1x spends the whole budget in the window)",
        "description": "Pages at 14.4x over 1 h (and 5 m) or 6x over 6 h (and 30 m); a ticket at 1x over 3 d (and 6 h)",
        "fieldConfig": {
            "defaults": {"unit": "suffix:x", "thresholds": steps, "custom": {"thresholdsStyle": {"mode": "line"}}},
            "overrides": [],
        },
        "targets": [
            _target(
                f'slo:sli_error:ratio_rate{window}{{slo="{name}"}} / {objective.error_budget:g}', window, chr(65 + i)
            )
            for i, window in enumerate(windows)
        ],
    }


def _row(route_class: RouteClass, objective: Objective, days: int, y: int) -> list[dict[str, Any]]:
    name = slo_name(route_class, objective)
    title = f"{route_class.title} {objective.sli}"
    if route_class.pending:
        title += " (no traffic until its routes land)"
    row = {
        "type": "row",
        "title": title,
        "collapsed": False,
        "panels": [],
        "gridPos": {"x": 0, "y": y, "w": 24, "h": 1},
    }
    sli = _sli_panel(name, objective, route_class.title, days)
    panels = [sli, _budget_panel(name, days), _burn_panel(name, objective)]
    for panel, (x, w) in zip(panels, ((0, 10), (10, 4), (14, 10)), strict=True):
        panel["gridPos"] = {"x": x, "y": y + 1, "w": w, "h": 8}
        panel["datasource"] = DATASOURCE
    return [row, *panels]


def dashboard(slos: SloFile) -> dict[str, Any]:
    """The dashboard model Grafana imports (Dashboards > Import, or file provisioning)."""
    panels: list[dict[str, Any]] = []
    for route_class in slos.route_classes:
        for objective in route_class.objectives:
            panels += _row(route_class, objective, slos.window_days, y=len(panels) // 4 * 9)
    for number, panel in enumerate(panels, start=1):
        panel["id"] = number
    datasource = {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus"}
    return {
        "uid": UID,
        "title": f"{slos.service}: SLOs",
        "description": "Generated from ops/slo.yaml by `python -m ops`; edit the SLO file, not this.",
        "tags": [slos.service, "slo"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "1m",
        "time": {"from": "now-7d", "to": "now"},
        "templating": {"list": [datasource]},
        "annotations": {"list": []},
        "panels": panels,
    }

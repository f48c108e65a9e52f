"""The checked-in rules and dashboard are exactly what `python -m ops` writes from the SLO file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ops.__main__ import DASHBOARD, RULES, main, rendered
from ops.slos import load


@pytest.mark.parametrize("path", [RULES, DASHBOARD], ids=lambda path: path.name)
def test_the_checked_in_file_is_what_the_generator_writes(path: Path) -> None:
    assert path in rendered()
    assert path.read_text("utf-8") == rendered()[path], "edited by hand? run `python -m ops` and commit"


def test_check_mode_passes_on_the_checked_in_files() -> None:
    assert main(["--check"]) == 0


def test_the_dashboard_has_the_sli_budget_and_burn_rates_of_every_slo() -> None:
    board = json.loads(DASHBOARD.read_text("utf-8"))
    slos = {f"{rc.name}-{o.sli}" for rc in load().route_classes for o in rc.objectives}
    rows = [panel for panel in board["panels"] if panel["type"] == "row"]
    assert len(rows) == len(slos) == 12
    exprs = [target["expr"] for panel in board["panels"] if panel["type"] != "row" for target in panel["targets"]]
    for slo in slos:
        mine = [expr for expr in exprs if f'slo="{slo}"' in expr]
        assert f'slo:objective:ratio{{slo="{slo}"}}' in mine  # the objective line beside the SLI
        assert f'slo:error_budget_remaining:ratio{{slo="{slo}"}}' in mine
        burn_rates = [expr for expr in mine if " / " in expr]  # the error ratio over the budget
        assert [expr.split("{")[0] for expr in burn_rates] == [
            f"slo:sli_error:ratio_rate{w}" for w in ("1h", "6h", "3d")
        ]
    assert len({panel["id"] for panel in board["panels"]}) == len(board["panels"])

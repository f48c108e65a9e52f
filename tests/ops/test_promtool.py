"""promtool checks the generated rules and runs their unit tests (outage pages, slow burn tickets, healthy is quiet)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ops.__main__ import RULES

UNIT_TESTS = sorted((RULES.parent / "tests").glob("*.yml"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=300)


def test_the_generated_rules_pass_promtool_check(promtool: str) -> None:
    result = run(promtool, "check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 120 rules found" in result.stdout  # 6 classes x 2 SLOs x (6 windows, objective, budget, 2 alerts)


def test_the_guard_rails_pass_promtool_check(promtool: str) -> None:
    result = run(promtool, "check", "rules", str(RULES.parent / "guard_rails.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    # stuffing, lockouts, outbox, delivery, dead letters, takedown overdue and due soon, payouts held and unsent
    assert "SUCCESS: 9 rules found" in result.stdout


def test_the_scenarios_are_all_there() -> None:
    assert {path.stem for path in UNIT_TESTS} >= {"outage", "slow_burn", "healthy", "latency", "guard_rails"}


@pytest.mark.parametrize("unit_test", UNIT_TESTS, ids=lambda path: path.stem)
def test_the_rules_unit_tests_pass(promtool: str, unit_test: Path) -> None:
    result = run(promtool, "test", "rules", str(unit_test))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout

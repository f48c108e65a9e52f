"""The floor the k6 scenarios are judged against: ``/healthz`` in the same run, and each p95 as a multiple of its p95.

Absolute milliseconds do not travel between machines (issue 18: the same smoke scenario measured p95 4.1 ms on one
machine and 212-276 ms on a slower one); a path's p95 over the p95 of the cheapest request the same service answers,
asked by the same k6 executor on the same machine moments before, does. So each `make perf-*` k6 scenario:

1. runs at a rate scaled to the machine (``machine_rate``): ``LOAD_SHARE`` of the highest rate at which this
   machine's ``/healthz`` holds p95 under 10 ms (``reads_throughput.floor_rate``), capped at the plan's rate;
2. measures the floor (``measure_floor``: ``perf/k6/floor.js``, constant arrival rate) at that rate;
3. passes when its p95 over the floor's p95 is within its ratio budget (``report``), with the plan's absolute
   budget and figures printed beside as information. ``--judge absolute`` (or ``PERF_JUDGE=absolute``) judges the
   plan's milliseconds instead. `make perf-gate` (perf/gate.py) measures its floor and runs k6 the same way.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
from pathlib import Path

import attrs
from reads_throughput import LEAST_RATE, SEARCH_S, FloorNotFound, floor_rate, k6_binary

FLOOR_SCRIPT = "perf/k6/floor.js"
FLOOR_MS = 1.0  # a floor below a millisecond is timer noise: ratios are taken to at least this
# The share of /healthz's sustainable rate a scenario runs at. The gate's budgets were measured at 50-100 req/s on
# machines whose /healthz holds 1500-2000 req/s (3-7 %); at 10 % the plan's 100-300 req/s stay the plan's on such a
# machine (capped), and a machine half as fast is asked half as much, so a path costing several floors is measured
# for its cost, not for how a 2-core machine queues past its knee.
LOAD_SHARE = 0.1
# Ratio budgets (p95 over the floor's p95) of the constant-rate scenarios, shared with `make perf-gate`: what these
# paths cost over /healthz on the development machine (README, Performance), with room for noise; a regression that
# doubles a path's cost breaks them. Measured by the gate: smoke 1.2-2.8x, public page 1.3-1.5x, availability
# 2.2-6.8x, search 2.3-10.0x (2026-12-04/05).
RATIO_BUDGETS = {"smoke": 6.0, "public-profile": 8.0, "availability": 15.0, "search": 20.0}
JUDGEMENTS = ("ratio", "absolute")


@attrs.frozen
class Floor:
    """``/healthz`` at ``rate`` per second in this run: its p95 and how many requests it answered."""

    rate: int
    p95_ms: float
    requests: int

    def ratio(self, p95_ms: float) -> float:
        return p95_ms / max(self.p95_ms, FLOOR_MS)


@attrs.frozen
class Budget:
    """A scenario's p95 budget: ``ratio`` times the floor's p95 (judged), and the plan's milliseconds (shown)."""

    ratio: float
    plan_ms: float


def add_judgement_arguments(parser: argparse.ArgumentParser) -> None:
    judged_by = "ratio: p95 over the floor's p95 (default); absolute: the plan's milliseconds"
    parser.add_argument("--judge", choices=JUDGEMENTS, default=os.environ.get("PERF_JUDGE", "ratio"), help=judged_by)
    searched = "seconds a try while finding the rate /healthz holds (shortened runs: 1-2)"
    parser.add_argument("--search-seconds", type=int, default=SEARCH_S, help=searched)


def k6_metrics(base: str, script: str, summary: Path, *env: str) -> dict[str, dict[str, float]]:
    """Run ``script`` against ``base`` with k6's own (absolute) thresholds off; its metrics from the summary."""
    options = [item for e in (f"BASE_URL={base}", *env) for item in ("-e", e)]
    # k6's own API server on a free port (the default 6565 may be another run's on a shared machine)
    command = [k6_binary(), "run", "--quiet", "--no-thresholds", "--address", "127.0.0.1:0"]
    subprocess.run([*command, "--summary-export", str(summary), *options, script], check=False,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return dict(json.loads(summary.read_text())["metrics"])


def machine_rate(base: str, plan_rate: int, summary: Path, search_seconds: int = SEARCH_S) -> int:
    """``LOAD_SHARE`` of the rate this machine's ``/healthz`` holds, at most ``plan_rate`` (and at least 1)."""
    try:
        holds = floor_rate(base, summary, most=math.ceil(plan_rate / LOAD_SHARE), seconds=search_seconds)
    except FloorNotFound as busy:
        print(f"{busy}: the machine is very busy; running at {LOAD_SHARE:.0%} of {LEAST_RATE}/s")
        holds = LEAST_RATE
    rate = max(1, min(plan_rate, round(holds * LOAD_SHARE)))
    print(f"/healthz holds {holds}/s here (p95 < 10 ms): {rate}/s, {LOAD_SHARE:.0%} of it, at most {plan_rate}/s")
    return rate


def measure_floor(base: str, rate: int, duration: str, summary: Path) -> Floor:
    """``/healthz`` at ``rate`` for ``duration`` (a warm connection pool: run it just before the scenario)."""
    metrics = k6_metrics(base, FLOOR_SCRIPT, summary, f"RATE={rate}", f"DURATION={duration}")
    return Floor(rate, float(metrics["http_req_duration"]["p(95)"]), int(metrics["http_reqs"]["count"]))


def report(name: str, floor: Floor, p95_ms: float, budget: Budget, judge: str, load: str, health: str,
           clean: bool) -> bool:  # fmt: skip
    """Print the summary line (``load``: what ran; ``health``: errors and the like, ``clean`` when acceptable);
    return whether the scenario passed: clean, and its p95 within the budget ``judge`` names."""
    ratio = floor.ratio(p95_ms)
    within_ratio, within_plan = ratio <= budget.ratio, p95_ms <= budget.plan_ms
    passed = clean and (within_ratio if judge == "ratio" else within_plan)
    ratio_note, plan_note = ("judged", "information") if judge == "ratio" else ("information", "judged")
    print(f"perf-{name}: {load} | floor /healthz p95 {floor.p95_ms:.2f} ms at {floor.rate}/s | p95 {p95_ms:.1f} ms "
          f"= {ratio:.1f}x floor, budget {budget.ratio:g}x ({ratio_note}: {'within' if within_ratio else 'OVER'}) | "
          f"plan budget p95 <= {budget.plan_ms:g} ms ({plan_note}: {'within' if within_plan else 'over'}) | "
          f"{health}: {'PASS' if passed else 'FAIL'} by {judge}")  # fmt: skip
    return passed

"""The throughput half of ``make perf-reads``: k6 at constant rates found here, each path as a fraction of the floor.

A short search finds the floor's rate: the highest constant rate (doubling or halving from ``START_RATE``, then
bisecting) at which ``/healthz`` keeps its p95 under ``FLOOR_P95_MS`` with no error and no dropped iteration. The
floor and each path are then asked at that rate; what each completes per second (``http_reqs.rate``) over what the
floor completed is the path's sustainable throughput: a path slower than the floor cannot keep up (k6 drops what it
cannot start), and completes what it sustains on this machine. The search sits at the floor's knee, so a path
that costs twice the floor's completes about half.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import attrs

FLOOR_SCRIPT = "perf/k6/floor.js"  # GET FLOOR_PATH at RATE for DURATION; no thresholds (judged here)
FLOOR_P95_MS = 10.0
START_RATE, LEAST_RATE, MOST_RATE = 50, 10, 3200
SEARCH_S, MEASURE_S = 4, 8
BISECTIONS = 3


class FloorNotFound(RuntimeError):
    """The machine is too busy for the floor's criterion at any rate searched: no throughput can be judged."""


@attrs.frozen
class Run:
    """One k6 run: the rate asked, what completed per second, its p95, and whether it kept up without errors."""

    rate: int
    completed_per_s: float
    p95_ms: float
    clean: bool  # no failed request and no dropped iteration


def k6_binary() -> str:
    return shutil.which("k6") or str(Path(sys.executable).parent / "k6")


def run_k6(base: str, path: str, rate: int, seconds: int, summary: Path) -> Run:
    env = [f"BASE_URL={base}", f"FLOOR_PATH={path}", f"RATE={rate}", f"DURATION={seconds}s"]
    options = [item for e in env for item in ("-e", e)]
    # k6's own API server on a free port (the default 6565 may be another run's on a shared machine)
    command = [k6_binary(), "run", "--quiet", "--address", "127.0.0.1:0", "--summary-export", str(summary), *options]
    subprocess.run([*command, FLOOR_SCRIPT], check=False, stdout=subprocess.DEVNULL)
    metrics = json.loads(summary.read_text())["metrics"]
    failed = float(metrics.get("http_req_failed", {}).get("value", 1.0))
    dropped = int(metrics.get("dropped_iterations", {}).get("count", 0))
    return Run(rate, float(metrics["http_reqs"]["rate"]), float(metrics["http_req_duration"]["p(95)"]),
               failed == 0 and dropped == 0)  # fmt: skip


def _holds(run: Run) -> bool:
    return run.clean and run.p95_ms < FLOOR_P95_MS


def _tried(base: str, path: str, rate: int, summary: Path, seconds: int = SEARCH_S) -> bool:
    run = run_k6(base, path, rate, seconds, summary)
    print(f"  {path} at {rate}/s: p95 {run.p95_ms:.1f} ms, {'holds' if _holds(run) else 'does not hold'}")
    return _holds(run)


def _bisected(base: str, path: str, good: int, bad: int, summary: Path, seconds: int) -> int:
    for _ in range(BISECTIONS):
        middle = (good + bad) // 2
        if middle in (good, bad):
            break
        good, bad = (middle, bad) if _tried(base, path, middle, summary, seconds) else (good, middle)
    return good


def floor_rate(base: str, summary: Path, most: int = MOST_RATE, seconds: int = SEARCH_S) -> int:
    """The highest rate up to ``most`` at which ``/healthz`` holds (p95 under ``FLOOR_P95_MS``, clean), ``seconds``
    a try: from ``START_RATE`` double (or halve, on a busy machine) until it changes, then bisect. A first run warms
    k6's connections up, unjudged. Raises ``FloorNotFound`` when even ``LEAST_RATE`` does not hold."""
    run_k6(base, "/healthz", START_RATE, seconds, summary)
    good, bad, rate = 0, 0, min(START_RATE, most)
    while LEAST_RATE <= rate <= most:
        if _tried(base, "/healthz", rate, summary, seconds):
            good, rate = rate, min(rate * 2, most)
            if good == most:  # a caller asking no more than this need not know how much more it holds
                break
        elif good:
            bad = rate
            break
        else:
            bad, rate = rate, rate // 2
    if good == 0:
        raise FloorNotFound(f"/healthz did not keep p95 under {FLOOR_P95_MS:g} ms even at {LEAST_RATE}/s")
    return _bisected(base, "/healthz", good, bad, summary, seconds) if bad else good


def throughput(base: str, paths: dict[str, str], results: Path) -> dict[str, tuple[Run, float]] | None:
    """The floor's sustainable rate (``None`` when there is none now); then the floor and each path at it (after a
    run that warms the path up), with what each completed per second as a fraction of what the floor completed."""
    results.mkdir(parents=True, exist_ok=True)
    summary = results / "reads-throughput.json"
    try:
        rate = floor_rate(base, summary)
    except FloorNotFound as busy:
        print(f"throughput not judged: {busy} (the machine is too busy now; run again when it is quieter)")
        return None
    floor = run_k6(base, "/healthz", rate, MEASURE_S, summary)
    found = {"healthz": (floor, 1.0)}
    for name, path in paths.items():
        run_k6(base, path, max(rate // 4, 1), SEARCH_S, summary)  # a first page renders its templates, unjudged
        run = run_k6(base, path, rate, MEASURE_S, summary)
        found[name] = (run, run.completed_per_s / floor.completed_per_s)
    return found


def report(found: dict[str, tuple[Run, float]], budgets: dict[str, float]) -> list[str]:
    """Print the table; return the budgets broken."""
    rate = found["healthz"][0].rate
    print(f"throughput: k6 at {rate}/s, the highest rate at which /healthz held p95 < {FLOOR_P95_MS:g} ms with no "
          f"error or drop, {MEASURE_S} s a path; completed per second as a fraction of the floor's")  # fmt: skip
    print(f"{'path':<26} {'done/s':>8} {'p95 ms':>8} {'x floor':>8} {'budget':>8}")
    broken = []
    for name, (run, fraction) in found.items():
        budget = budgets.get(name)
        verdict = "" if budget is None else ("ok" if fraction >= budget else "UNDER")
        if verdict == "UNDER":
            broken.append(f"{name} throughput {fraction:.0%} < {budget:.0%}")
        shown = "" if budget is None else f">= {budget:.0%}"
        print(f"{name:<26} {run.completed_per_s:>8.1f} {run.p95_ms:>8.1f} {fraction:>7.0%} {shown:>8} {verdict}")
    return broken

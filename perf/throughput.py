"""Requests per second one service worker answers on PostgreSQL, closed loop (the README's "Scaling out" figures).

One `rastup serve --workers 1` on a fresh database with the demo (dropped at the end); k6 (perf/k6/throughput.js)
runs VUS users that each send the next request as soon as the last answered, for each kind: a profile's JSON (read),
14 days of availability, a profile draft with an idempotency key (write). Prints req/s, p95 and errors per kind,
with the load average: on a shared machine they are lower bounds of what a worker can do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from service import drop_database, recreate_database, running_service
from tests.unit.http.signed_in import sign_in

from config.container import build_container
from config.settings import Settings

KINDS = ("read", "availability", "write")


def measure(k6: str, base: str, kind: str, vus: int, duration: str, token: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "summary.json"
        settings = [f"BASE_URL={base}", f"PATH_KIND={kind}", f"VUS={vus}", f"DURATION={duration}", f"TOKEN={token}"]
        command = [k6, "run", "--quiet", "--summary-export", str(summary), "perf/k6/throughput.js"]
        for setting in settings:
            command[2:2] = ["-e", setting]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        metrics = json.loads(summary.read_text())["metrics"]
    return {"rps": round(metrics["http_reqs"]["rate"], 1), "p95_ms": round(metrics["http_req_duration"]["p(95)"], 1),
            "failed": metrics["http_req_failed"]["value"]}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--vus", type=int, default=8)
    parser.add_argument("--duration", default="15s")
    args = parser.parse_args()
    k6 = shutil.which("k6") or str(Path(sys.executable).parent / "k6")
    recreate_database(args.admin_url, args.database_url)
    keys = tempfile.mkdtemp(prefix="rastup-throughput-")
    extra = {"IDENTITY_KEY_DIR": keys, "OUTBOX_DIR": f"{keys}/outbox", "RATE_LIMIT_BACKEND": "memory"}
    results: dict[str, object] = {"load_before": os.getloadavg()[0]}
    try:
        with running_service(args.database_url, 1, extra_env=extra) as base:
            container = build_container(Settings.from_env({**os.environ, "DATABASE_URL": args.database_url, **extra}))
            sign_in(container, "throughput@example.com", "tok-throughput")
            container.shutdown_resources()
            for kind in KINDS:
                results[kind] = measure(k6, base, kind, args.vus, args.duration, "tok-throughput")
    finally:
        drop_database(args.admin_url, args.database_url)
    results["load_after"] = os.getloadavg()[0]
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

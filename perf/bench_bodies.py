"""Request-body benchmark: median milliseconds (wall and CPU) of in-process requests carrying a full profile edit.

Every JSON body is decoded and structured once, by the strict converter (``StrictBody``, entrypoints/http/bodies.py);
this measures a PATCH of a profile with every field set (accepted, 200) and the same body with an unknown field
(refused, 422: parsing alone), through Litestar's TestClient over a throwaway SQLite database.
Run: .venv/bin/python perf/bench_bodies.py [--requests 500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the signed-in helper lives in tests/

from tests.unit.http.signed_in import bearer, sign_in  # noqa: E402 -- needs the path above

from adapters.sqlalchemy.migrate import upgrade  # noqa: E402
from config.container import build_container  # noqa: E402
from config.settings import Settings  # noqa: E402
from entrypoints.http.app import create_app  # noqa: E402

MONEY = {"amount": 15000, "currency": "USD"}
EDIT: dict[str, Any] = {
    "display_name": "Ana Diaz", "headline": "Editorial and portrait photographer", "bio": "b" * 1500,
    "roles": ["photographer", "videographer"], "city": "los-angeles", "tags": ["portraits", "editorial", "film"],
    "geo": {"lat": 34.05, "lon": -118.24}, "price_min": MONEY, "price_max": {"amount": 60000, "currency": "USD"},
    "languages": ["en", "es"], "links": [{"label": f"Site {n}", "url": f"https://ana{n}.example"} for n in range(5)],
    "packages": [{"name": f"Package {n}", "duration_minutes": 60 + n, "price": MONEY} for n in range(8)],
}  # fmt: skip


def timed(requests: int, send: Callable[[], int], status: int) -> tuple[float, float]:
    """The median milliseconds (wall clock, and CPU of the process: the app runs in a thread of it, and CPU time
    does not count the waits a busy machine adds) of ``requests`` calls of ``send``, each answering ``status``."""
    wall, cpu = [], []
    for _ in range(requests):
        started, used = time.perf_counter(), time.process_time()
        answered = send()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert answered == status, answered
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, log_level="warning"))
    sign_in(container, "ana@example.com", "tok-bench")
    with TestClient(create_app(container)) as client:
        client.headers.update(bearer("tok-bench"))
        created = client.post("/api/profiles", json={"display_name": "Ana"}).json()
        path, version = f"/api/profiles/{created['id']}", created["version"]

        def edit() -> int:
            nonlocal version
            answer = client.patch(path, json={**EDIT, "version": version})
            version = answer.json().get("version", version)
            return answer.status_code

        def refused() -> int:
            return client.patch(path, json={**EDIT, "version": version, "unknown": 1}).status_code

        for send, status in ((edit, 200), (refused, 422)):
            timed(20, send, status)  # warm up
        accepted, invalid = timed(args.requests, edit, 200), timed(args.requests, refused, 422)
    for name, (wall, cpu) in (("accepted (200)", accepted), ("unknown field (422)", invalid)):
        print(f"PATCH profile, full body, {name}: median {wall:.2f} ms wall, {cpu:.2f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

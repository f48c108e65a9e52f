"""Password-reset request cost, existing vs unknown account, through the container's real SQL path (issue 19).

    .venv/bin/python perf/bench_reset_timing.py [DATABASE_URL] [--check]

What the HTTP answer waits for is the ``RequestPasswordReset`` command, handed to the container's command bus as
the route does (``request_password_reset``: rate limits, then one unit of work that queues a
``PasswordResetRequested``); the lookup, the code and the email happen after the answer (``send_reset_code``, the
outbox consumer), timed here too for contrast. Requests alternate between an existing and an unknown email so
both see the same machine state. Budget: the two medians within 10 % of each other (ratio in [0.9, 1.1]).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import attrs
from dependency_injector import providers

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.identity.commands import RequestPasswordReset, SignUp
from core.identity.devices import NetworkContext
from core.identity.events import PasswordResetRequested
from core.identity.handlers.password_reset import send_reset_code
from core.identity.handlers.signup import sign_up
from core.identity.services import RateLimitRule, RateLimits

ROUNDS = 300
CONTEXT = NetworkContext("203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", None, None)
LOOSE = RateLimitRule(1_000_000, 60)
EXISTING = "ana.bench@example.com"


def main(argv: list[str]) -> int:
    urls = [arg for arg in argv if not arg.startswith("--")]
    url = urls[0] if urls else f"sqlite:///{Path(tempfile.mkdtemp()) / 'reset.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, email_backend="outbox", outbox_dir=tempfile.mkdtemp()))
    base = container.identity_services()
    limits = RateLimits(**{field.name: LOOSE for field in attrs.fields(RateLimits)})
    svc = attrs.evolve(base, settings=attrs.evolve(base.settings, rate_limits=limits))
    container.identity_services.override(providers.Object(svc))
    bus = container.commands()
    sign_up(SignUp(EXISTING, "violet-Harbour-crane-58-quay", CONTEXT), container.identity_uow(), svc)
    timings: dict[str, list[float]] = {"existing": [], "unknown": []}
    for round_ in range(ROUNDS):
        for kind, email in (("existing", EXISTING), ("unknown", f"nobody{round_}@example.com")):
            started = time.perf_counter()
            bus.handle(RequestPasswordReset(email, CONTEXT))
            timings[kind].append((time.perf_counter() - started) * 1000)
    after: list[float] = []
    for _ in range(50):
        started = time.perf_counter()
        send_reset_code(PasswordResetRequested(EXISTING, svc.clock.now()), container.identity_uow(), svc)
        after.append((time.perf_counter() - started) * 1000)
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    ratio = medians["existing"] / medians["unknown"]
    for kind, values in timings.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"{kind:8} request  median {medians[kind]:.3f} ms  p95 {p95:.3f} ms  ({len(values)} requests)")
    print(f"after the answer (existing account: code + email) median {statistics.median(after):.3f} ms")
    print(f"ratio existing/unknown {ratio:.3f} (budget 0.9 .. 1.1)")
    container.shutdown_resources()
    return 0 if "--check" not in argv or 0.9 <= ratio <= 1.1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

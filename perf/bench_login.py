"""Login cost: bare argon2id vs the login handler, and peak memory under 200 concurrent logins.

    .venv/bin/python perf/bench_login.py            # SQLite latency and both floods, prints a summary
    .venv/bin/python perf/bench_login.py flood bounded|unbounded   # one flood, in its own process
    .venv/bin/python perf/bench_login.py sql [DATABASE_URL]        # the container's real path on SQL

``sql`` builds the composition root (argon2 behind the bounded hasher, zxcvbn, the shipped breach
corpus, the SQLAlchemy identity unit of work) exactly as the HTTP app does, on a fresh SQLite file
(default) or the given PostgreSQL URL, and measures sign-in there as the route makes it: a ``LogIn`` handed
to the container's command bus, which gives the handler a new unit of work per call.

Budgets (issue 5): login p95 <= 1.15 x bare hash p95; 200 concurrent logins with the bounded hasher
stay under 1 GiB peak RSS, and every request succeeds, fails cleanly or is shed (HasherBusy -> 429).
Everything runs through the SQL path; only the notifier is a test fake (it records codes to verify addresses).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import attrs
from dependency_injector import providers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the in-memory fakes live in tests/

from tests.unit.identity.fakes import World  # noqa: E402 -- needs the path above

from adapters.crypto.argon2_hasher import Argon2idPasswordHasher  # noqa: E402
from adapters.crypto.bounded_hasher import BoundedPasswordHasher  # noqa: E402
from adapters.system.clock import UlidIds  # noqa: E402
from core.identity.commands import LogIn, SignUp  # noqa: E402
from core.identity.devices import NetworkContext  # noqa: E402
from core.identity.errors import HasherBusy, InvalidCredentials, RateLimited  # noqa: E402
from core.identity.handlers.signup import sign_up  # noqa: E402
from core.identity.services import IdentityServices, IdentitySettings, RateLimitRule, RateLimits  # noqa: E402

PASSWORD = "violet-Harbour-crane-58"
CONTEXT = NetworkContext("203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "FR", 3215)
ROUNDS = 200
FLOOD = 200
LOOSE = RateLimitRule(100_000, 60)


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def _sql_world(url: str | None) -> tuple[Any, IdentityServices]:
    """The container on ``url`` (a fresh SQLite file by default), its identity services (the ones its command bus
    hands out) with loose rate limits and a notifier that records codes, exactly as the HTTP app builds them
    otherwise."""
    import tempfile

    from adapters.sqlalchemy.migrate import upgrade
    from config.container import build_container
    from config.settings import Settings

    work = tempfile.mkdtemp(prefix="bench-login-")
    url = url or f"sqlite:///{work}/bench.db"
    upgrade(url)
    container = build_container(Settings(database_url=url, identity_key_dir=work, outbox_dir=f"{work}/outbox"))
    base = container.identity_services()
    loose = IdentitySettings(password=base.settings.password, rate_limits=RateLimits(*([LOOSE] * 7)))
    svc = attrs.evolve(base, settings=loose, notifier=World().notifier)
    container.identity_services.override(providers.Object(svc))
    return container, svc


def _verified_account(container: Any, svc: IdentityServices, email: str, context: NetworkContext) -> None:
    from core.identity.codes import CodePurpose
    from core.identity.commands import VerifyEmail
    from core.identity.handlers.signup import verify_email

    sign_up(SignUp(email, PASSWORD, context), container.identity_uow(), svc)
    code = svc.notifier.last_code(email, CodePurpose.VERIFY_EMAIL)  # type: ignore[attr-defined]
    verify_email(VerifyEmail(email, code, context), container.identity_uow(), svc)


def flood(mode: str) -> None:
    """200 accounts on SQLite, 200 threads released together through the real sign-in path; prints outcome
    counts and peak RSS (MiB). ``bounded``: the container's hasher (a slot per core); ``unbounded``: argon2
    with no bound, to show what the bound prevents."""
    container, svc = _sql_world(None)
    for i in range(FLOOD):  # each account signs up and signs in from its own address
        own_ip = NetworkContext(f"198.51.{i // 250}.{i % 250 + 1}", CONTEXT.user_agent, "FR", 3215)
        _verified_account(container, svc, f"user{i}@example.com", own_ip)
    if mode == "unbounded":
        svc = attrs.evolve(svc, hasher=Argon2idPasswordHasher())
    else:
        svc = attrs.evolve(svc, hasher=BoundedPasswordHasher(Argon2idPasswordHasher(), wait_s=30.0))
    container.identity_services.override(providers.Object(svc))
    bus = container.commands()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gate = threading.Barrier(FLOOD)
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def one(i: int) -> None:
        gate.wait()
        try:
            own_ip = NetworkContext(f"198.51.{i // 250}.{i % 250 + 1}", CONTEXT.user_agent, "FR", 3215)
            bus.handle(LogIn(f"user{i}@example.com", PASSWORD, own_ip))
            outcome = "ok"
        except InvalidCredentials:
            outcome = "refused"
        except (HasherBusy, RateLimited):
            outcome = "shed-429"
        except Exception as exc:  # anything else is a failure of the budget
            outcome = f"error:{type(exc).__name__}"
        with lock:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=one, args=(i,)) for i in range(FLOOD)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    container.shutdown_resources()
    print(f"{mode}: {outcomes} in {elapsed:.1f}s, peak RSS {peak:.0f} MiB (before flood {baseline:.0f} MiB)")


def sql_latency(url: str | None) -> dict[str, float]:
    """Login through the container's command bus (its services and SQL unit of work), against the bare argon2
    verify."""
    container, svc = _sql_world(url)
    bus = container.commands()
    email = f"bench-{UlidIds().new_id('u').lower()}@example.com"
    _verified_account(container, svc, email, CONTEXT)
    inner = Argon2idPasswordHasher()
    encoded = inner.hash(PASSWORD)
    for _ in range(3):
        bus.handle(LogIn(email, PASSWORD, CONTEXT))
        inner.verify(encoded, PASSWORD)
    bare, login = [], []
    for _ in range(ROUNDS):  # interleaved, so load from elsewhere on the machine hits both alike
        start = time.perf_counter()
        inner.verify(encoded, PASSWORD)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        bus.handle(LogIn(email, PASSWORD, CONTEXT))
        login.append(time.perf_counter() - start)
    container.shutdown_resources()
    (bare50, bare95), (login50, login95) = percentiles(bare), percentiles(login)
    return {"bare_p50_ms": bare50 * 1e3, "bare_p95_ms": bare95 * 1e3, "login_p50_ms": login50 * 1e3,
            "login_p95_ms": login95 * 1e3, "ratio_p95": login95 / bare95}  # fmt: skip


def report(label: str, figures: dict[str, float]) -> None:
    print(
        f"[{label}] bare argon2id verify: p50 {figures['bare_p50_ms']:.1f} ms, p95 {figures['bare_p95_ms']:.1f} ms\n"
        f"[{label}] login handler:        p50 {figures['login_p50_ms']:.1f} ms, p95 {figures['login_p95_ms']:.1f} ms\n"
        f"[{label}] login p95 / bare p95: {figures['ratio_p95']:.3f} (budget 1.15)"
    )


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "flood":
        flood(sys.argv[2])
        return 0
    if len(sys.argv) >= 2 and sys.argv[1] == "sql":
        figures = sql_latency(sys.argv[2] if len(sys.argv) == 3 else None)
        report("sql", figures)
        return 0 if figures["ratio_p95"] <= 1.15 else 1
    # The default: the real path on the embedded SQLite database (the in-memory fakes snapshot every table on
    # each unit of work, so their cost grows with the rounds and says nothing about production).
    figures = sql_latency(None)
    report("sqlite", figures)
    for mode in ("bounded", "unbounded"):
        subprocess.run([sys.executable, __file__, "flood", mode], check=True)
    return 0 if figures["ratio_p95"] <= 1.15 else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Reputation recomputed for every reviewed provider from the reviews store, through the service's own wiring
(``Container.reviews_summary().all_reputations()``: one set-based GROUP BY over the public reviews, an index-only
scan of ``ix_reviews_public_subject_id_overall`` in subject order, and the Bayesian score of each subject).

Budget (issue 15): 100,000 providers from 1,000,000 reviews in <= 10 s on PostgreSQL. The data set is generated in
the database (``generate_series``, set-based) in a database of its own, vacuumed as autovacuum would have, and
dropped afterwards unless ``--keep``.
Run: .venv/bin/python perf/bench_reputation.py [--admin-url ...] [--database-url ...] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))
from service import drop_database, recreate_database

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/rastup_perf_reputation"
BUDGET_S = 10.0

# One window per review, its client review published; stars and providers spread deterministically; about 1% hidden.
_FILL = (
    "INSERT INTO review_windows (booking_id, client_id, provider_id, closes_at, published_at, version) "
    "SELECT 'bkg_' || n, 'usr_' || (n % 50000), 'prv_' || lpad((n % :providers)::text, 6, '0'), "
    "now(), now(), 2 FROM generate_series(1, :reviews) AS n",
    "INSERT INTO reviews (id, booking_id, side, author_id, subject_id, overall, aspects, would_work_again, body, "
    "submitted_at, updated_at, published_at, response, responded_at, hidden) "
    "SELECT 'rvw_' || n, 'bkg_' || n, 'client', 'usr_' || (n % 50000), 'prv_' || lpad((n % :providers)::text, 6, '0'), "
    "1 + (n::bigint * 7919) % 5, '[]', NULL, 'fine', now(), now(), now() - (n || ' seconds')::interval, NULL, NULL, "
    "(n % 97 = 0) FROM generate_series(1, :reviews) AS n",
)
# What autovacuum does to a table that grew over months: statistics, and the visibility map that lets reputation
# be read from an index-only scan of ix_reviews_public_subject_id_overall (run outside a transaction).
_SETTLE = ("VACUUM ANALYZE review_windows", "VACUUM ANALYZE reviews")


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", default=ADMIN_URL)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="full recomputations timed (the first reads cold)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    try:
        upgrade(args.database_url)
        engine = create_engine(args.database_url)  # no statement timeout: the fill is one long statement each
        started = time.perf_counter()
        with engine.begin() as connection:
            for statement in _FILL:
                connection.execute(text(statement), {"providers": args.providers, "reviews": args.reviews})
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for statement in _SETTLE:
                connection.execute(text(statement))
        engine.dispose()
        print(f"filled {args.reviews:,} reviews of {args.providers:,} providers in "
              f"{time.perf_counter() - started:.1f} s ({_load()})")  # fmt: skip
        container = build_container(Settings(database_url=args.database_url))
        summary = container.reviews_summary()
        timings = []
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            found = sum(1 for _ in summary.all_reputations())
            timings.append(time.perf_counter() - started)
            print(f"run {run}: recomputed {found:,} reputations in {timings[-1]:.2f} s (budget {BUDGET_S:.0f} s; "
                  f"{_load()})")  # fmt: skip
            if found != args.providers:
                raise SystemExit(f"expected {args.providers:,} providers with reviews, found {found:,}")
        container.engine().dispose()
    finally:
        if not args.keep:
            drop_database(args.admin_url, args.database_url)
    sys.exit(0 if max(timings) <= BUDGET_S else 1)


if __name__ == "__main__":
    main()

"""Reputation recomputed for every reviewed provider from the reviews store (``StoredReviewsSummary.all_reputations``,
a page of subjects at a time, each page one GROUP BY over the public reviews).

Budget (issue 15): 100,000 providers from 1,000,000 reviews in <= 10 s on PostgreSQL.
Run: .venv/bin/python perf/bench_reputation.py --admin-url ... --database-url ... [--providers 100000 --reviews 1000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from service import recreate_database

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.reviews import SqlAlchemyReviewsUnitOfWork
from core.reviews.reputation import ReputationRules
from core.reviews.summary import StoredReviewsSummary

# One window per review, its client review published; stars and providers spread deterministically.
_FILL = (
    "INSERT INTO review_windows (booking_id, client_id, provider_id, closes_at, published_at, version) "
    "SELECT 'bkg_' || n, 'usr_' || (n % 50000), 'prv_' || lpad((n % :providers)::text, 6, '0'), "
    "now(), now(), 2 FROM generate_series(1, :reviews) AS n",
    "INSERT INTO reviews (id, booking_id, side, author_id, subject_id, overall, aspects, would_work_again, body, "
    "submitted_at, updated_at, published_at, response, responded_at, hidden) "
    "SELECT 'rvw_' || n, 'bkg_' || n, 'client', 'usr_' || (n % 50000), 'prv_' || lpad((n % :providers)::text, 6, '0'), "
    "1 + (n::bigint * 7919) % 5, '[]', NULL, 'fine', now(), now(), now() - (n || ' seconds')::interval, NULL, NULL, "
    "(n % 97 = 0) FROM generate_series(1, :reviews) AS n",
    "ANALYZE reviews",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    upgrade(args.database_url)
    engine = create_database_engine(args.database_url)
    started = time.perf_counter()
    with engine.begin() as connection:
        for statement in _FILL:
            connection.execute(text(statement), {"providers": args.providers, "reviews": args.reviews})
    print(f"filled {args.reviews:,} reviews of {args.providers:,} providers in {time.perf_counter() - started:.1f} s")
    summary = StoredReviewsSummary(partial(SqlAlchemyReviewsUnitOfWork, engine), ReputationRules())
    started = time.perf_counter()
    found = sum(1 for _ in summary.all_reputations())
    elapsed = time.perf_counter() - started
    print(f"recomputed {found:,} reputations in {elapsed:.2f} s (budget 10 s)")
    engine.dispose()
    sys.exit(0 if elapsed <= 10 else 1)


if __name__ == "__main__":
    main()

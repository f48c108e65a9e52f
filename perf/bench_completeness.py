"""Completeness-score micro-benchmark: microseconds per profile, over a mix of empty, partial and full profiles.

Budget (issue 6): <= 50 us per profile, in-process.
Run: .venv/bin/python perf/bench_completeness.py [--profiles 20000] [--rounds 5] [--check]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime

import attrs

from core.onboarding.completeness import completeness
from core.onboarding.facts import Facts
from core.onboarding.weights import Wizard
from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, ProfileStatus, Role
from core.profiles.studio import Address, Contact, StudioDetails
from core.shared.money import Money

BUDGET_US = 50.0
NOW = datetime(2026, 11, 24, tzinfo=UTC)
FULL = ProfileFields(
    display_name="Ana Diaz", headline="Editorial and portrait photographer", bio="b" * 200,
    roles=(Role.PHOTOGRAPHER, Role.VIDEOGRAPHER), city="los-angeles", tags=("portraits", "editorial", "film"),
    geo=GeoPoint(34.05, -118.24), price_min=Money(15000, "USD"), price_max=Money(60000, "USD"), languages=("en",),
    links=(Link("Site", "https://ana.example"),), packages=(ServicePackage("Headshots", 60, Money(18000, "USD")),),
)  # fmt: skip
STUDIO = ProfileFields(
    display_name="Sunset", headline="Daylight studio with cyclorama", bio="s" * 100, city="los-angeles",
    studio=StudioDetails(Contact("hi@sunset.example"), Address("1 Sunset", "LA", "90028", "US"),
                         ("cyclorama", "parking", "wifi"), Money(9500, "USD"), None, Money(0, "USD")),
)  # fmt: skip


def sample(n: int) -> list[tuple[ProfileDraft, Facts, Wizard | None]]:
    """A deterministic mix: a third empty, a third partial, a third complete (some of them studios)."""
    found = []
    for i in range(n):
        kind = ProfileKind.STUDIO if i % 7 == 0 else ProfileKind.PROVIDER
        fields = STUDIO if kind is ProfileKind.STUDIO else FULL
        if i % 3 == 0:
            fields = ProfileFields(display_name="Empty")
            fields = attrs.evolve(fields, studio=StudioDetails()) if kind is ProfileKind.STUDIO else fields
        elif i % 3 == 1:
            fields = attrs.evolve(fields, bio="", tags=(), geo=None)
        facts = Facts(approved_images=i % 12, schedule_defined=bool(i % 2), identity_verified=i % 5 == 0)
        wizard = None if i % 2 else (Wizard.STUDIO if kind is ProfileKind.STUDIO else Wizard.MODEL)
        profile = ProfileDraft(f"prf_{i}", kind, f"p-{i}", fields, ProfileStatus.DRAFT, 1, NOW, NOW)
        found.append((profile, facts, wizard))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()
    profiles = sample(args.profiles)
    per_profile = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for profile, facts, wizard in profiles:
            completeness(profile, facts, wizard)
        per_profile.append((time.perf_counter() - started) / len(profiles) * 1e6)
    median, worst = statistics.median(per_profile), max(per_profile)
    print(f"completeness: {len(profiles)} profiles x {args.rounds} rounds; per profile median {median:.1f} us, "
          f"worst round {worst:.1f} us (budget {BUDGET_US:.0f} us)")  # fmt: skip
    return 1 if args.check and median > BUDGET_US else 0


if __name__ == "__main__":
    sys.exit(main())

"""A generator of realistic published profiles for search benchmarks, written in bulk straight to the database.

Cities with their real coordinates (weighted by size), one to three roles, Zipf-distributed first names, last
names and tags (a few very common, a long tail), languages, a price band per role, a service each (one in five
Instant Book). Deterministic for a seed. ``make perf-search`` runs it with 100,000 (``--count`` for a smaller run).
Run alone: .venv/bin/python perf/generate_profiles.py --database-url ... --count 1000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from sqlalchemy import Engine, insert, text

sys.path.insert(0, str(Path(__file__).parent))
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.profiles import _profile_row, _service_row  # the adapter's own row mapping
from adapters.sqlalchemy.tables.profiles import profile_roles, profiles, service_profiles
from core.profiles.details import GeoPoint
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role, ServiceProfile
from core.shared.money import Money

# slug, latitude, longitude, weight (rough metro size), currency
CITIES = (
    ("los-angeles", 34.0522, -118.2437, 13, "USD"), ("new-york", 40.7128, -74.0060, 19, "USD"),
    ("chicago", 41.8781, -87.6298, 9, "USD"), ("miami", 25.7617, -80.1918, 6, "USD"),
    ("san-francisco", 37.7749, -122.4194, 5, "USD"), ("austin", 30.2672, -97.7431, 2, "USD"),
    ("atlanta", 33.7490, -84.3880, 6, "USD"), ("seattle", 47.6062, -122.3321, 4, "USD"),
    ("nashville", 36.1627, -86.7816, 2, "USD"), ("las-vegas", 36.1699, -115.1398, 2, "USD"),
    ("toronto", 43.6532, -79.3832, 6, "CAD"), ("london", 51.5074, -0.1278, 9, "GBP"),
    ("manchester", 53.4808, -2.2426, 3, "GBP"), ("paris", 48.8566, 2.3522, 11, "EUR"),
    ("berlin", 52.5200, 13.4050, 4, "EUR"), ("barcelona", 41.3874, 2.1686, 5, "EUR"),
    ("milan", 45.4642, 9.1900, 4, "EUR"), ("amsterdam", 52.3676, 4.9041, 2, "EUR"),
    ("sydney", -33.8688, 151.2093, 5, "AUD"), ("mexico-city", 19.4326, -99.1332, 21, "MXN"),
)  # fmt: skip
FIRST = (
    "ana",
    "james",
    "maria",
    "jordan",
    "priya",
    "tom",
    "sofia",
    "lee",
    "chen",
    "fatima",
    "lucas",
    "emma",
    "noah",
    "olivia",
    "mateo",
    "aisha",
    "daniel",
    "yuki",
    "omar",
    "grace",
    "ivan",
    "zara",
    "leo",
    "mila",
    "ravi",
    "nina",
    "samuel",
    "chloe",
    "diego",
    "hana",
    "kofi",
    "elena",
    "max",
    "amara",
    "felix",
    "isla",
)
LAST = (
    "diaz",
    "lee",
    "shah",
    "hughes",
    "garcia",
    "smith",
    "nguyen",
    "kim",
    "martin",
    "rossi",
    "muller",
    "silva",
    "kowalski",
    "okafor",
    "tanaka",
    "johnson",
    "brown",
    "lopez",
    "wilson",
    "cohen",
    "dubois",
    "novak",
    "ali",
    "khan",
    "park",
    "moreau",
    "santos",
    "berg",
    "fischer",
    "walker",
    "young",
    "reyes",
)
TAGS = ("portrait", "fashion", "editorial", "wedding", "commercial", "beauty", "lifestyle", "product", "music-video",
        "headshots", "street", "film", "documentary", "events", "bridal", "runway", "catalog", "fitness",
        "newborn", "family", "food", "architecture", "drone", "studio", "natural-light", "black-and-white",
        "lookbook", "sfx-makeup", "airbrush", "hair-color", "updo", "styling", "vintage", "streetwear",
        "luxury", "ecommerce", "social-media", "reels", "corporate", "real-estate", "travel", "sports", "dance",
        "theatre", "cosplay", "pets", "automotive", "jewelry", "cosmetics", "skincare")  # fmt: skip
LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "zh", "ja", "ar", "hi")
HOURLY = {Role.PHOTOGRAPHER: 150, Role.VIDEOGRAPHER: 200, Role.MODEL: 120, Role.MAKEUP_ARTIST: 90,
          Role.HAIR_STYLIST: 80, Role.STYLIST: 110}  # fmt: skip
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BATCH = 2000


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


def _pick(rng: random.Random, values: Sequence[object], cumulative: list[float]) -> object:
    return rng.choices(values, cum_weights=cumulative)[0]


def profiles_of(count: int, seed: int = 7) -> Iterator[tuple[ProfileDraft, tuple[ServiceProfile, ...]]]:
    """``count`` published provider profiles ``prf_gen_000001..`` with a service each."""
    rng = random.Random(seed)
    city_weights = list(accumulate(city[3] for city in CITIES))
    first_w, last_w, tag_w = zipf_weights(len(FIRST)), zipf_weights(len(LAST)), zipf_weights(len(TAGS))
    roles = list(Role)
    for n in range(1, count + 1):
        slug_city, lat, lon, _weight, currency = CITIES[rng.choices(range(len(CITIES)), cum_weights=city_weights)[0]]
        own = tuple(sorted(rng.sample(roles, rng.choice((1, 1, 1, 2, 2, 3))), key=lambda r: r.value))
        name = f"{_pick(rng, FIRST, first_w)} {_pick(rng, LAST, last_w)}".title()
        tags = tuple(dict.fromkeys(str(_pick(rng, TAGS, tag_w)) for _ in range(rng.randint(1, 5))))
        base = HOURLY[own[0]] * rng.uniform(0.5, 2.5)
        low, high = int(base), int(base * rng.uniform(1.5, 4.0))
        fields = ProfileFields.validated(
            kind=ProfileKind.PROVIDER, display_name=name, headline=f"{own[0].value.replace('_', ' ').title()} in "
            f"{slug_city.replace('-', ' ').title()}: {', '.join(tags[:2])}", roles=own, city=slug_city, tags=tags,
            geo=GeoPoint(lat + rng.gauss(0, 0.08), lon + rng.gauss(0, 0.08)),
            price_min=Money.of_major(low, currency), price_max=Money.of_major(high, currency),
            languages=tuple(dict.fromkeys(("en", *rng.sample(LANGUAGES, rng.randint(0, 2))))),
        )  # fmt: skip
        created = NOW - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
        profile = ProfileDraft.new(profile_id=f"prf_gen_{n:06d}", kind=ProfileKind.PROVIDER,
                                   slug=f"gen-{n:06d}", fields=fields, now=created)  # fmt: skip
        profile.publish(created + timedelta(hours=1))
        service = ServiceProfile(f"spf_gen_{n:06d}", profile.id, own[0], "Session", Money.of_major(low, currency),
                                 instant_book=rng.random() < 0.2)  # fmt: skip
        yield profile, (service,)


def generate(engine: Engine, count: int, seed: int = 7) -> int:
    """Write ``count`` profiles with their roles and services, ``BATCH`` per transaction; returns ``count``."""
    batch: list[tuple[ProfileDraft, tuple[ServiceProfile, ...]]] = []

    def flush() -> None:
        with engine.begin() as connection:
            connection.execute(insert(profiles), [_profile_row(p) for p, _ in batch])
            connection.execute(insert(profile_roles), [{"profile_id": p.id, "role": r.value}
                                                       for p, _ in batch for r in p.fields.roles])  # fmt: skip
            services = [{"id": s.id, **_service_row(s)} for _, offered in batch for s in offered]
            connection.execute(insert(service_profiles), services)
        batch.clear()

    for item in profiles_of(count, seed):
        batch.append(item)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    with engine.begin() as connection:  # a bulk load leaves no planner statistics: a seq scan per page otherwise
        connection.execute(text("ANALYZE"))
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a migrated database (never the tests' own)")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    engine = create_database_engine(args.database_url)
    started = time.perf_counter()
    generate(engine, args.count, args.seed)
    engine.dispose()
    print(f"generated {args.count} profiles in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

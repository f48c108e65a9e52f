"""Reading a people search's parameters: bad input is InvalidInput naming the parameter (a 422)."""

from __future__ import annotations

from datetime import date

import pytest

from core.profiles.details import GeoPoint
from core.search.query import Radius, people_query
from core.shared.errors import InvalidInput


def test_the_plans_query_reads_with_safe_mode_on() -> None:
    query = people_query({"q": "photographer", "city": "los-angeles", "limit": "24"})
    assert (query.text, query.filters.city, query.limit, query.filters.safe_only) == (
        "photographer", "los-angeles", 24, True
    )  # fmt: skip


def test_every_parameter_reads() -> None:
    query = people_query(
        {"role": "photographer,model", "tags": "Film,film", "min_price": "100", "max_price": "250",
         "date": "2026-12-24", "duration": "90", "lat": "34.05", "lon": "-118.24", "radius_km": "25",
         "verified": "true", "instant_book": "0", "language": "pt-BR"}
    )  # fmt: skip
    f = query.filters
    assert f.roles == ("photographer", "model") and f.tags == ("film",) and f.languages == ("pt-BR",)
    assert (f.min_price, f.max_price) == (10000, 25000)
    assert (f.available_on, f.minutes) == (date(2026, 12, 24), 90)
    assert f.radius == Radius(GeoPoint(34.05, -118.24), 25.0) and query.point == GeoPoint(34.05, -118.24)
    assert (f.verified, f.instant_book) == (True, False)
    assert query.limit == 24 and query.cursor is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"role": "astronaut"}, "role"),
        ({"tags": "no spaces"}, "tags"),
        ({"language": "english"}, "language"),
        ({"city": "Los Angeles"}, "city"),
        ({"min_price": "300", "max_price": "100"}, "min_price"),
        ({"min_price": "-1"}, "min_price"),
        ({"radius_km": "10"}, "radius_km"),
        ({"lat": "34", "radius_km": "10"}, "lon"),
        ({"lat": "91", "lon": "0"}, "lat"),
        ({"limit": "101"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"verified": "maybe"}, "verified"),
        ({"date": "tomorrow"}, "date"),
        ({"duration": "5"}, "duration"),
        ({"q": "x" * 201}, "q"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_parameter(params: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        people_query(params)
    assert raised.value.field == field

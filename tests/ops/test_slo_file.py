"""The SLO file against the plan, the app's histogram buckets and the app's route templates."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.utils import floatToGoString

from ops.slos import RouteClass, Sli, load

SLOS = load()
CLASSES = {route_class.name: route_class for route_class in SLOS.route_classes}
# the routes the search and messaging issues specify; the SLOs evaluate them as soon as they land
LANDED_ROUTES = {
    "search": ["/api/search/people", "/api/search/studios", "/api/search/suggest"],
    "messaging": ["/api/messages/inbox", "/api/messages/thread/{thread_id}", "/api/messages/stream"],
}


def takers(template: str, sli: Sli = "availability") -> list[str]:
    return [route_class.name for route_class in SLOS.route_classes if route_class.takes(template, sli)]


def test_the_plans_route_classes_each_have_both_slos() -> None:
    assert set(CLASSES) == {"sign-in", "checkout", "search", "messaging", "public-pages", "api"}
    for route_class in SLOS.route_classes:
        assert route_class.availability.objective > 0 and route_class.latency.threshold_ms


@pytest.mark.parametrize("route_class", SLOS.route_classes, ids=lambda route_class: route_class.name)
def test_objectives_are_never_looser_than_the_plan(route_class: RouteClass) -> None:
    availability, latency = route_class.objectives
    assert availability.plan >= 99.5  # the plan: error rate < 0.5 %
    assert availability.objective >= availability.plan
    assert latency.objective >= 95  # the plan states p95s
    assert latency.plan_ms is not None and latency.threshold_ms is not None
    assert latency.threshold_ms <= latency.plan_ms


def test_the_plans_latency_figures() -> None:
    plan = {name: route_class.latency.plan_ms for name, route_class in CLASSES.items()}
    assert plan == {"checkout": 600, "search": 150, "messaging": 250, "api": 300, "public-pages": 300, "sign-in": 300}


def test_every_latency_threshold_is_a_bucket_boundary_of_the_apps_histogram(scraped: tuple[str, set[str]]) -> None:
    text, _ = scraped
    (histogram,) = [family for family in text_string_to_metric_families(text) if family.name == SLOS.duration_metric]
    boundaries = {sample.labels["le"] for sample in histogram.samples if sample.name.endswith("_bucket")}
    for route_class in SLOS.route_classes:
        assert route_class.latency.threshold_ms is not None
        assert floatToGoString(route_class.latency.threshold_ms / 1000) in boundaries, route_class.name


def test_each_route_of_the_app_counts_for_one_class_and_probes_for_none(scraped: tuple[str, set[str]]) -> None:
    _, templates = scraped
    for template in templates:
        expected = 0 if template in {"/healthz", "/readyz", "/metrics"} or template.startswith("/schema") else 1
        assert len(takers(template)) == expected, (template, takers(template))
    live = [route_class for route_class in SLOS.route_classes if not route_class.pending]
    for route_class in live:  # a mistyped template would leave its class with no traffic at all
        assert any(route_class.takes(template) for template in templates), route_class.name


@pytest.mark.parametrize(
    ("template", "route_class"),
    [
        ("/api/checkout/start", "checkout"),
        ("/api/checkout/confirm", "checkout"),
        ("/api/auth/login", "sign-in"),
        ("/api/auth/mfa/challenge", "sign-in"),
        ("/api/auth/oidc/{provider}/callback", "sign-in"),
        ("/p/{slug}", "public-pages"),
        ("/api/profiles/{profile_id}/public", "public-pages"),
        ("/api/profiles/{profile_id}", "api"),
        ("/api/bookings/{booking_id}/cancel", "api"),
        ("/api/auth/signup", "api"),
        ("/calendar/{feed_file}", "api"),
    ],
)
def test_routes_fall_in_their_class(template: str, route_class: str, scraped: tuple[str, set[str]]) -> None:
    assert template in scraped[1]
    assert takers(template) == [route_class]


@pytest.mark.parametrize(("route_class", "template"), [(c, t) for c, ts in LANDED_ROUTES.items() for t in ts])
def test_search_and_messaging_slos_take_the_routes_their_issues_specify(
    route_class: str, template: str, scraped: tuple[str, set[str]]
) -> None:
    assert not CLASSES[route_class].pending  # both have landed: their classes evaluate
    assert template in scraped[1] and takers(template) == [route_class]


def test_open_streams_uploads_and_image_processing_are_outside_latency() -> None:
    assert takers("/api/messages/stream", "latency") == []
    assert takers("/api/messages/inbox", "latency") == ["messaging"]
    for template in ("/uploads/{token}", "/media/{path}", "/api/media/{media_id}/complete"):
        assert takers(template) == ["api"] and takers(template, "latency") == []

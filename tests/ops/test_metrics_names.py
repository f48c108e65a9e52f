"""/metrics follows Prometheus naming conventions and labels requests by route template, never by raw path."""

from __future__ import annotations

import subprocess

from prometheus_client.parser import text_string_to_metric_families

from ops.slos import load
from tests.ops.conftest import RAW_IDS


def test_metric_names_pass_promtools_lint(promtool: str, scraped: tuple[str, set[str]]) -> None:
    text, _ = scraped
    result = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    # promtool's linter: snake_case, counters end in _total, base units (seconds, bytes), no abbreviated units
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rastup_request_duration_seconds_bucket" in text


def test_every_path_label_is_a_route_template(scraped: tuple[str, set[str]]) -> None:
    text, templates = scraped
    paths = {
        sample.labels["path"]
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if "path" in sample.labels
    }
    assert {"/api/profiles/{profile_id}", "/api/bookings/{booking_id}", "/p/{slug}"} <= paths
    assert paths <= templates, paths - templates
    assert not any(raw in path for path in paths for raw in RAW_IDS)
    assert not any(path.startswith("/no/such/route") for path in paths)


def test_the_slo_files_metrics_are_the_ones_exported(scraped: tuple[str, set[str]]) -> None:
    text, _ = scraped
    slos = load()
    families = {family.name: family.type for family in text_string_to_metric_families(text)}
    assert families[slos.requests_metric.removesuffix("_total")] == "counter"  # the parser drops _total
    assert families[slos.duration_metric] == "histogram"

"""Settings are read once from the environment, with clear errors for values the service cannot use."""

from __future__ import annotations

import pytest

from config.settings import DEFAULT_DATABASE_URL, Settings, SettingsError


def test_defaults_are_the_embedded_ones() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert (settings.search_backend, settings.payments_backend, settings.media_backend) == (
        "sql",
        "test",
        "local",
    )
    assert settings.rate_limit_backend == "memory" and settings.port == 8000


def test_values_are_read_and_normalised() -> None:
    settings = Settings.from_env({"DATABASE_URL": "postgresql+psycopg://x@h/db", "RATE_LIMIT_BACKEND": "Redis",
                                  "PORT": "9000", "LOG_JSON": "false", "WEB_CONCURRENCY": "2"})  # fmt: skip
    assert settings.rate_limit_backend == "redis" and settings.port == 9000 and settings.workers == 2
    assert settings.log_json is False and settings.public_base_url == "http://127.0.0.1:9000"
    assert Settings.from_env({"DELIVERY_POLL_S": "0.5"}).delivery_poll_s == 0.5


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"RATE_LIMIT_BACKEND": "memcached"}, "RATE_LIMIT_BACKEND"), ({"PORT": "http"}, "PORT"),
     ({"PORT": "0"}, "PORT"), ({"LOG_JSON": "maybe"}, "LOG_JSON"), ({"DELIVERY_POLL_S": "soon"}, "DELIVERY_POLL_S"),
     ({"DELIVERY_POLL_S": "0"}, "DELIVERY_POLL_S"), ({"DELIVERY_POLL_S": "nan"}, "DELIVERY_POLL_S")],
)  # fmt: skip
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert caught.value.variable == variable and variable in str(caught.value)


def test_the_feed_proxy_and_private_feeds_are_off_unless_set() -> None:
    assert Settings.from_env({}).calendar_feed_proxy == "" and not Settings.from_env({}).calendar_feeds_allow_private
    chosen = Settings.from_env({"CALENDAR_FEED_PROXY": " http://egress.internal:3128 ",
                                "CALENDAR_FEEDS_ALLOW_PRIVATE": "true", "HTTPS_PROXY": "http://ignored:1"})  # fmt: skip
    assert chosen.calendar_feed_proxy == "http://egress.internal:3128" and chosen.calendar_feeds_allow_private


@pytest.mark.parametrize(
    "proxy", ["egress:3128", "https://egress:3128", "http://egress", "http://u:secret@egress:3128", "http://egress:3128/x",
              "http://[::1:3128"],
)  # fmt: skip
def test_a_feed_proxy_must_be_plain_http_host_and_port(proxy: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"CALENDAR_FEED_PROXY": proxy})
    assert caught.value.variable == "CALENDAR_FEED_PROXY" and "secret" not in str(caught.value)


def test_the_public_base_url_defaults_to_the_served_host_and_port() -> None:
    assert Settings.from_env({"PORT": "9000", "HOST": "10.0.0.5"}).public_base_url == "http://10.0.0.5:9000"
    assert Settings.from_env({"PORT": "9000", "HOST": "0.0.0.0"}).public_base_url == "http://127.0.0.1:9000"
    assert Settings.from_env({"HOST": "::1"}).public_base_url == "http://[::1]:8000"
    given = Settings.from_env({"PORT": "9000", "PUBLIC_BASE_URL": "https://rastup.example/"})
    assert given.public_base_url == "https://rastup.example"


@pytest.mark.parametrize("value", ["rastup.example", "ftp://rastup.example", "https://", "https://u:p@rastup.example",
                                   "https://rastup.example/?x=1"])  # fmt: skip
def test_a_public_base_url_that_is_no_origin_stops_start_up(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"PUBLIC_BASE_URL": value})
    assert refused.value.variable == "PUBLIC_BASE_URL" and ":p@" not in str(refused.value)


def test_tracing_is_off_unless_asked_for_and_reads_the_standard_otel_names() -> None:
    off = Settings.from_env({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})  # configured, not asked for
    assert off.tracing == "off" and off.service_name == "rastup" and off.trace_sample_ratio == 1.0
    on = Settings.from_env({"TRACING": "OTLP", "OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector:4318/",
                            "OTEL_SERVICE_NAME": "rastup-eu", "OTEL_TRACES_SAMPLER_ARG": "0.25"})  # fmt: skip
    assert (on.tracing, on.otlp_traces_endpoint, on.service_name) == (
        "otlp",
        "https://collector:4318/v1/traces",
        "rastup-eu",
    )
    assert on.trace_sample_ratio == 0.25
    signal = {
        "TRACING": "otlp",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/custom",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x",
    }
    assert Settings.from_env(signal).otlp_traces_endpoint == "http://c:4318/custom"  # the signal's own: as is
    assert Settings.from_env({"TRACING": "otlp"}).otlp_traces_endpoint == "http://localhost:4318/v1/traces"
    assert Settings.from_env({"TRACING": "console", "OTEL_SDK_DISABLED": "true"}).tracing == "off"


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"TRACING": "jaeger"}, "TRACING"),
     ({"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"}, "OTEL_EXPORTER_OTLP_ENDPOINT"),
     ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "ftp://u:secret@c/x"}, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
     ({"OTEL_TRACES_SAMPLER_ARG": "1.5"}, "OTEL_TRACES_SAMPLER_ARG"),
     ({"OTEL_TRACES_SAMPLER_ARG": "x"}, "OTEL_TRACES_SAMPLER_ARG")],
)  # fmt: skip
def test_bad_tracing_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert caught.value.variable == variable and "secret" not in str(caught.value)


def test_typesense_is_a_search_backend_with_its_server_key_and_timeout() -> None:
    chosen = Settings.from_env({"SEARCH_BACKEND": "Typesense", "TYPESENSE_URL": "https://search.internal:8108/",
                                "TYPESENSE_API_KEY": "s3cret", "TYPESENSE_TIMEOUT_S": "0.5"})  # fmt: skip
    assert (chosen.search_backend, chosen.typesense_url, chosen.typesense_timeout_s) == (
        "typesense", "https://search.internal:8108", 0.5,
    )  # fmt: skip
    assert chosen.typesense_api_key == "s3cret" and "s3cret" not in repr(chosen)


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"SEARCH_BACKEND": "typesense"}, "TYPESENSE_API_KEY"),
     ({"TYPESENSE_URL": "search.internal:8108"}, "TYPESENSE_URL"),
     ({"TYPESENSE_URL": "http://u:secret@search:8108"}, "TYPESENSE_URL"),
     ({"TYPESENSE_URL": "http://search:port"}, "TYPESENSE_URL"),
     ({"TYPESENSE_URL": "http://search:8108/collections"}, "TYPESENSE_URL"),
     ({"TYPESENSE_TIMEOUT_S": "0"}, "TYPESENSE_TIMEOUT_S"), ({"SEARCH_BACKEND": "elastic"}, "SEARCH_BACKEND")],
)  # fmt: skip
def test_bad_search_settings_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    assert refused.value.variable == variable and "secret" not in str(refused.value)


def test_stripe_needs_its_key_and_may_point_at_another_server() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"PAYMENTS_BACKEND": "stripe"})
    assert caught.value.variable == "STRIPE_API_KEY"
    env = {"PAYMENTS_BACKEND": "stripe", "STRIPE_API_KEY": "sk_test_x", "STRIPE_API_BASE": "http://127.0.0.1:8420/"}
    settings = Settings.from_env(env | {"STRIPE_WEBHOOK_SECRET": "whsec_x"})
    assert (settings.payments_backend, settings.stripe_api_base) == ("stripe", "http://127.0.0.1:8420")
    assert settings.stripe_webhook_secret == "whsec_x" and "sk_test_x" not in repr(settings)
    with pytest.raises(SettingsError) as bad_base:
        Settings.from_env(env | {"STRIPE_API_BASE": "ftp://stripe"})
    assert bad_base.value.variable == "STRIPE_API_BASE"


def test_stripe_calls_wait_ten_seconds_unless_told_and_a_wait_out_of_bounds_is_refused() -> None:
    assert Settings.from_env({}).stripe_timeout_s == 10.0
    assert Settings.from_env({"STRIPE_TIMEOUT_S": "0.5"}).stripe_timeout_s == 0.5
    for bad in ("0", "600", "soon"):
        with pytest.raises(SettingsError) as refused:
            Settings.from_env({"STRIPE_TIMEOUT_S": bad})
        assert refused.value.variable == "STRIPE_TIMEOUT_S"


def test_the_pdf_attachment_cap_defaults_to_10_mb_and_cannot_exceed_the_upload_body_limit() -> None:
    assert Settings.from_env({}).messaging_pdf_max_bytes == 10 * 1024 * 1024
    assert Settings.from_env({"MESSAGING_PDF_MAX_BYTES": "2000000"}).messaging_pdf_max_bytes == 2_000_000
    for too_big in ("26214401", "0"):
        with pytest.raises(SettingsError) as caught:
            Settings.from_env({"MESSAGING_PDF_MAX_BYTES": too_big})
        assert caught.value.variable == "MESSAGING_PDF_MAX_BYTES"


def test_the_screen_reads_us_phone_numbers_unless_told_which_regions() -> None:
    assert Settings.from_env({}).messaging_phone_regions == ("US",)
    assert Settings.from_env({"MESSAGING_PHONE_REGIONS": "us, gb"}).messaging_phone_regions == ("US", "GB")
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"MESSAGING_PHONE_REGIONS": "USA"})
    assert "MESSAGING_PHONE_REGIONS" in str(caught.value)

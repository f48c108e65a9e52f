"""Settings: the environment read once, into a frozen value that the container consumes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs

from adapters.sqlalchemy.engine_limits import EngineLimits
from config.env_values import (
    SettingsError,
    base_url,
    choice,
    feed_proxy,
    flag,
    http_origin,
    int_value,
    proxies,
    region_codes,
    score_above,
    seconds,
)
from core.messaging.attachments import MAX_UPLOAD_BYTES

DEFAULT_DATABASE_URL = "sqlite:///./var/rastup.db"


_TRACING = ("off", "otlp", "console")


@attrs.frozen
class Settings:
    """Everything the service reads from its environment. Build with ``Settings.from_env()``."""

    database_url: str = DEFAULT_DATABASE_URL
    database_limits: EngineLimits = attrs.field(factory=EngineLimits)  # PostgreSQL pool and timeouts (DATABASE_POOL_*)
    database_replica_url: str = ""  # a streaming replica for read-only work that may lag a little; empty: none
    database_replica_max_lag_s: float = 5.0  # a replica further behind (or down) sends those reads to the primary
    database_replica_check_s: float = 1.0  # how often a worker asks the replica its lag
    search_backend: str = "sql"  # sql | typesense (queries fall back to the SQL index while Typesense fails)
    typesense_url: str = "http://127.0.0.1:8108"  # typesense: the server (http[s]://host:port)
    typesense_nodes: tuple[str, ...] = ()  # typesense: every node of a cluster (TYPESENSE_NODES); empty: TYPESENSE_URL
    typesense_api_key: str = attrs.field(default="", repr=False)  # typesense: required
    typesense_timeout_s: float = 1.0  # typesense: a slower answer is a failure (queries degrade to SQL)
    search_cursor_key: str = attrs.field(default="", repr=False)  # HMAC key of search cursors; empty: generated
    search_rollover_interval_s: float = 900.0  # how often availability rows and documents move to "now" (0: never)
    availability_refresh_interval_s: float = 1.0  # how often rows bookings marked are recomputed (0: booking sweep)
    search_rate_limit: int = 120  # searches per client (address) per minute; 0: no limit
    suggest_rate_limit: int = 600  # suggestions per client per minute; 0: no limit
    search_cache_ttl_s: float = 5.0  # how long an answer stays in the hot-query cache; 0: no cache
    search_cache_refresh_s: float = 1.0  # a cached answer read this close to expiry is recomputed in the background
    payments_backend: str = "test"  # test (in-process gateway) | stripe
    stripe_api_key: str = attrs.field(default="", repr=False)  # stripe: required (sk_live_... or sk_test_...)
    # the webhook endpoint's whsec_...; empty in test mode: generated into identity_key_dir
    stripe_webhook_secret: str = attrs.field(default="", repr=False)
    stripe_api_base: str = ""  # stripe: another API server (localstripe); empty: Stripe's own
    stripe_timeout_s: float = 10.0  # stripe: connecting and each answer; slower is a failure, retried with the same key
    payout_dir: str = "./var/payouts"  # where `rastup payments payouts` writes the manual payout files
    staff_refund_dual_control_above: int = 50_000  # minor units: a bigger staff refund needs a second approver
    payments_reconcile_interval_s: int = 300  # how often the service asks the gateway about open intents (0: never)
    # each of those passes also voids the authorizations created in this window whose answer was lost and whose
    # booking cannot use them (0: only `rastup payments reconcile --since` does); it must outlast a hold's expiry
    payments_orphan_window_s: int = 3600
    media_backend: str = "local"  # local | s3
    media_root: str = "./var/media"  # local: where objects live (served: public/ only)
    media_signing_key: str = attrs.field(default="", repr=False)  # local: upload-URL HMAC key; empty: generated
    media_s3_bucket: str = ""  # s3: required
    aws_endpoint_url: str = ""  # s3: empty for AWS itself; set for moto/MinIO/other S3-compatible stores
    media_public_base_url: str = ""  # where public/ is served (CDN); empty: PUBLIC_BASE_URL (local) or the bucket
    media_s3_connect_timeout_s: float = 5.0  # s3: connecting; then StorageUnavailable (503, the upload retried)
    media_s3_read_timeout_s: float = 10.0  # s3: waiting for an answer
    media_s3_max_attempts: int = 3  # s3: tries per call (botocore's standard retries)
    media_moderator: str = "manual"  # manual (staff review everything) | nudenet (extra rastup[moderation])
    rate_limit_backend: str = "memory"  # memory | redis
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_connect_timeout_s: float = 2.0  # redis: connecting; slower counts as Redis down (sign-in 503)
    redis_timeout_s: float = 2.0  # redis: waiting for an answer; slower counts as Redis down
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    log_json: bool = True
    max_body_bytes: int = 1_048_576
    public_base_url: str = "http://127.0.0.1:8000"
    public_read_keep_s: float = 1.0  # pages: a published page's read answers again for this long (0: every read)
    publish_min_score: int = 70  # onboarding: completeness needed to publish a profile
    instant_book_min_score: int = 85  # onboarding: completeness needed for Instant Book
    booking_expiry_interval_s: int = 30  # booking: how often the service sweeps (expires holds, completes) (0: never)
    booking_complete_after_hours: int = 24  # booking: a confirmed booking completes this long after its end
    review_window_days: int = 14  # reviews: how long after completion both sides may review (double-blind)
    review_prior_mean: float = 3.5  # reviews: the Bayesian prior's stars ...
    review_prior_weight: float = 5.0  # ... counted as this many reviews
    takedown_rate_limit: int = 10  # copyright notices per client address per hour (beyond the CAPTCHA); 0: no limit
    # identity (issue 5). Secrets: empty means "generate into identity_key_dir on first start" (embedded only).
    identity_encryption_key: str = attrs.field(default="", repr=False)  # Fernet key(s), comma-separated, newest first
    identity_pepper: str = attrs.field(default="", repr=False)  # HMAC key for codes and recovery codes
    identity_key_dir: str = "./var"
    email_backend: str = "outbox"  # outbox | smtp | ses
    outbox_dir: str = "./var/outbox"
    email_sender: str = "RastUp <no-reply@rastup.local>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | tls | none
    smtp_username: str = ""
    smtp_password: str = attrs.field(default="", repr=False)
    smtp_timeout_s: float = 10.0  # smtp: connecting and each reply; slower is a failed attempt (retried later)
    sms_backend: str = "console"  # console | sns
    delivery_poll_s: float = 5.0  # delivery: how often a service process looks for queued email/SMS (0.05-300 s)
    aws_region: str = "us-east-1"
    captcha_backend: str = "test"  # test | turnstile | hcaptcha
    captcha_secret: str = attrs.field(default="", repr=False)
    session_cookie_secure: bool = True
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    captcha_after_failures: int = 3
    captcha_risk_threshold: int = 70
    password_min_length: int = 15  # without a second factor (NIST SP 800-63B-4); 12 with one
    google_client_ids: str = ""  # comma-separated; empty: Google sign-in off
    apple_client_ids: str = ""  # comma-separated service ids; empty: Apple sign-in off
    google_issuer: str = "https://accounts.google.com"
    google_jwks_url: str = "https://www.googleapis.com/oauth2/v3/certs"
    apple_issuer: str = "https://appleid.apple.com"
    apple_jwks_url: str = "https://appleid.apple.com/auth/keys"
    trusted_proxies: tuple[str, ...] = ()  # addresses/CIDRs whose X-Forwarded-For and geo headers we believe
    geo_country_header: str = ""  # set by a trusted proxy, e.g. CF-IPCountry, CloudFront-Viewer-Country
    geo_asn_header: str = ""  # set by a trusted proxy, e.g. CloudFront-Viewer-ASN
    calendar_feed_proxy: str = ""  # http://host:port: feed fetches tunnel through it; empty: direct (never HTTPS_PROXY)
    calendar_feeds_allow_private: bool = False  # intranet deployments: feeds may live on private addresses
    tracing: str = "off"  # off | otlp | console (OpenTelemetry; extra rastup[tracing]); OTEL_SDK_DISABLED forces off
    otlp_traces_endpoint: str = "http://localhost:4318/v1/traces"  # otlp: where spans are POSTed (OTLP/HTTP)
    service_name: str = "rastup"  # the traces' service.name (OTEL_SERVICE_NAME)
    messaging_new_conversations_per_day: int = 5  # messaging: inquiries one sender may start in 24 h
    messaging_pair_limit: int = 30  # messaging: messages one sender may send one recipient per window
    messaging_pair_window_s: int = 60
    messaging_risk_reporters: int = 3  # messaging: distinct reporters in the window that raise a sender's risk (0: off)
    messaging_risk_window_days: int = 30  # messaging: how far back reports count towards a sender's risk
    messaging_unread_notice_interval_s: int = 60  # messaging: how often unread-message emails are swept (0: never)
    messaging_pdf_max_bytes: int = 10 * 1024 * 1024  # messaging: a PDF attachment's size cap (at most 25 MB)
    messaging_phone_regions: tuple[str, ...] = ("US",)  # messaging: whose national phone numbers the screen reads
    messaging_unsubscribe_key: str = attrs.field(default="", repr=False)  # HMAC key of unsubscribe links; empty: made
    live_feed_backend: str = "auto"  # auto (postgres on PostgreSQL, else memory) | memory | postgres | redis
    trace_sample_ratio: float = 1.0  # the share of new traces kept (OTEL_TRACES_SAMPLER_ARG); children follow parents

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the plain names the plan uses (``DATABASE_URL``, ``SEARCH_BACKEND``, ...); ``env`` is for tests."""
        env = os.environ if env is None else env
        port = int_value(env, "PORT", 8000, minimum=1)
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            # Only backends whose adapters exist are accepted; typesense, stripe and s3 join these lists
            # with their adapters, so a typo or a not-yet-built backend stops start-up with a clear message.
            search_cursor_key=env.get("SEARCH_CURSOR_KEY", ""),
            payments_reconcile_interval_s=int_value(env, "PAYMENTS_RECONCILE_INTERVAL_S", 300, minimum=0),
            payments_orphan_window_s=int_value(env, "PAYMENTS_ORPHAN_WINDOW_S", 3600, minimum=0),
            rate_limit_backend=choice(env, "RATE_LIMIT_BACKEND", "memory", ("memory", "redis")),
            redis_url=env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            redis_connect_timeout_s=seconds(env, "REDIS_CONNECT_TIMEOUT_S", 2.0, low=0.05, high=60.0),
            redis_timeout_s=seconds(env, "REDIS_TIMEOUT_S", 2.0, low=0.05, high=60.0),
            host=env.get("HOST", "127.0.0.1"),
            port=port,
            workers=int_value(env, "WEB_CONCURRENCY", 1, minimum=1),
            log_level=choice(env, "LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
            log_json=flag(env, "LOG_JSON", True),
            max_body_bytes=int_value(env, "MAX_BODY_BYTES", 1_048_576, minimum=1024),
            public_base_url=base_url(env, "PUBLIC_BASE_URL", env.get("HOST", "127.0.0.1"), port),
            public_read_keep_s=seconds(env, "PUBLIC_READ_KEEP_S", 1.0, low=0.0, high=60.0),
            publish_min_score=int_value(env, "PUBLISH_MIN_SCORE", 70, minimum=0),
            instant_book_min_score=score_above(
                env, "INSTANT_BOOK_MIN_SCORE", 85, int_value(env, "PUBLISH_MIN_SCORE", 70)
            ),
            booking_expiry_interval_s=int_value(env, "BOOKING_EXPIRY_INTERVAL_S", 30, minimum=0),
            booking_complete_after_hours=int_value(env, "BOOKING_COMPLETE_AFTER_HOURS", 24, minimum=0),
            delivery_poll_s=seconds(env, "DELIVERY_POLL_S", 5.0, low=0.05, high=300.0),
            review_window_days=int_value(env, "REVIEW_WINDOW_DAYS", 14, minimum=1),
            review_prior_mean=seconds(env, "REVIEW_PRIOR_MEAN", 3.5, low=1.0, high=5.0, unit=" stars"),
            review_prior_weight=seconds(env, "REVIEW_PRIOR_WEIGHT", 5.0, low=0.1, high=1000.0, unit=" reviews"),
            takedown_rate_limit=int_value(env, "TAKEDOWN_RATE_LIMIT", 10),
            trusted_proxies=proxies(env, "TRUSTED_PROXIES"),
            geo_country_header=env.get("GEO_COUNTRY_HEADER", "").strip(),
            geo_asn_header=env.get("GEO_ASN_HEADER", "").strip(),
            calendar_feed_proxy=feed_proxy(env, "CALENDAR_FEED_PROXY"),
            calendar_feeds_allow_private=flag(env, "CALENDAR_FEEDS_ALLOW_PRIVATE", False),
            messaging_new_conversations_per_day=int_value(env, "MESSAGING_NEW_CONVERSATIONS_PER_DAY", 5, minimum=1),
            messaging_pair_limit=int_value(env, "MESSAGING_PAIR_LIMIT", 30, minimum=1),
            messaging_pair_window_s=int_value(env, "MESSAGING_PAIR_WINDOW_S", 60, minimum=1),
            messaging_risk_reporters=int_value(env, "MESSAGING_RISK_REPORTERS", 3, minimum=0),
            messaging_risk_window_days=int_value(env, "MESSAGING_RISK_WINDOW_DAYS", 30, minimum=1),
            messaging_unread_notice_interval_s=int_value(env, "MESSAGING_UNREAD_NOTICE_INTERVAL_S", 60, minimum=0),
            messaging_unsubscribe_key=env.get("MESSAGING_UNSUBSCRIBE_KEY", ""),
            messaging_pdf_max_bytes=_pdf_max_bytes(env),
            messaging_phone_regions=region_codes(env, "MESSAGING_PHONE_REGIONS", ("US",)),
            live_feed_backend=_live_feed_from(env),
            database_limits=_database_limits_from(env),
            **_replica_from(env),
            **_search_from(env),
            **_payments_from(env),
            **_identity_from(env),
            **_media_from(env),
            **_tracing_from(env),
        )


def _database_limits_from(env: Mapping[str, str]) -> EngineLimits:
    """PostgreSQL's pool and every wait on it (issue 16); SQLite ignores them."""
    return EngineLimits(
        pool_size=int_value(env, "DATABASE_POOL_SIZE", 10, minimum=1),
        max_overflow=int_value(env, "DATABASE_MAX_OVERFLOW", 10, minimum=0),
        pool_timeout_s=seconds(env, "DATABASE_POOL_TIMEOUT_S", 5.0, low=0.1, high=300.0),
        pool_recycle_s=int_value(env, "DATABASE_POOL_RECYCLE_S", 1800, minimum=10),
        connect_timeout_s=int_value(env, "DATABASE_CONNECT_TIMEOUT_S", 5, minimum=2),
        statement_timeout_s=seconds(env, "DATABASE_STATEMENT_TIMEOUT_S", 15.0, low=0.0, high=3600.0),
        io_timeout_s=seconds(env, "DATABASE_IO_TIMEOUT_S", 20.0, low=0.0, high=3600.0),
    )


def _replica_from(env: Mapping[str, str]) -> dict[str, object]:
    """The streaming replica (issue 16): where read-only work goes while it keeps up."""
    url = env.get("DATABASE_REPLICA_URL", "").strip()
    if url and not urlsplit(url).scheme.startswith("postgresql"):
        raise SettingsError(
            "DATABASE_REPLICA_URL", urlsplit(url).scheme, "must be a PostgreSQL URL (postgresql+psycopg://...)"
        )
    return {
        "database_replica_url": url,
        "database_replica_max_lag_s": seconds(env, "DATABASE_REPLICA_MAX_LAG_S", 5.0, low=0.0, high=3600.0),
        "database_replica_check_s": seconds(env, "DATABASE_REPLICA_CHECK_S", 1.0, low=0.05, high=60.0),
    }


def _live_feed_from(env: Mapping[str, str]) -> str:
    """The live stream's fan-out: ``postgres`` needs a PostgreSQL database (``auto`` picks it for one)."""
    backend = choice(env, "LIVE_FEED_BACKEND", "auto", ("auto", "memory", "postgres", "redis"))
    on_postgres = urlsplit(env.get("DATABASE_URL", DEFAULT_DATABASE_URL)).scheme.startswith("postgresql")
    if backend == "postgres" and not on_postgres:
        raise SettingsError("LIVE_FEED_BACKEND", backend, "needs a PostgreSQL DATABASE_URL")
    return backend


def _search_from(env: Mapping[str, str]) -> dict[str, object]:
    """Search (issue 12): the backend, and Typesense's server, key and timeout when it is the backend."""
    backend = choice(env, "SEARCH_BACKEND", "sql", ("sql", "typesense"))
    api_key = env.get("TYPESENSE_API_KEY", "")
    if backend == "typesense" and not api_key:
        raise SettingsError("TYPESENSE_API_KEY", "", "is required with SEARCH_BACKEND=typesense")
    return {
        "search_backend": backend,
        "typesense_url": http_origin(env, "TYPESENSE_URL", "http://127.0.0.1:8108"),
        "typesense_nodes": tuple(
            http_origin({"TYPESENSE_NODES": node}, "TYPESENSE_NODES", "")
            for node in env.get("TYPESENSE_NODES", "").split(",")
            if node.strip()
        ),
        "typesense_api_key": api_key,
        "typesense_timeout_s": seconds(env, "TYPESENSE_TIMEOUT_S", 1.0, low=0.05, high=60.0),
        "search_rollover_interval_s": seconds(env, "SEARCH_ROLLOVER_INTERVAL_S", 900.0, low=0.0, high=86_400.0),
        "availability_refresh_interval_s": seconds(env, "AVAILABILITY_REFRESH_INTERVAL_S", 1.0, low=0.0, high=3600.0),
        "search_rate_limit": int_value(env, "SEARCH_RATE_LIMIT", 120),
        "suggest_rate_limit": int_value(env, "SUGGEST_RATE_LIMIT", 600),
        "search_cache_ttl_s": seconds(env, "SEARCH_CACHE_TTL_S", 5.0, low=0.0, high=300.0),
        "search_cache_refresh_s": seconds(env, "SEARCH_CACHE_REFRESH_S", 1.0, low=0.0, high=300.0),
    }


def _payments_from(env: Mapping[str, str]) -> dict[str, object]:
    """Payments (issue 13): the gateway, and Stripe's key, webhook secret and API server when it is Stripe."""
    backend = choice(env, "PAYMENTS_BACKEND", "test", ("test", "stripe"))
    api_key = env.get("STRIPE_API_KEY", "")
    if backend == "stripe" and not api_key:
        raise SettingsError("STRIPE_API_KEY", "", "is required with PAYMENTS_BACKEND=stripe")
    api_base = env.get("STRIPE_API_BASE", "").strip()
    return {
        "payments_backend": backend,
        "stripe_api_key": api_key,
        "stripe_webhook_secret": env.get("STRIPE_WEBHOOK_SECRET", ""),
        "stripe_api_base": http_origin(env, "STRIPE_API_BASE", "") if api_base else "",
        "stripe_timeout_s": seconds(env, "STRIPE_TIMEOUT_S", 10.0, low=0.1, high=120.0),
    }


def _identity_from(env: Mapping[str, str]) -> dict[str, object]:
    """Identity settings (issue 5): secrets, delivery and CAPTCHA backends, lockout numbers."""
    captcha = choice(env, "CAPTCHA_BACKEND", "test", ("test", "turnstile", "hcaptcha"))
    if captcha != "test" and not env.get("CAPTCHA_SECRET"):
        raise SettingsError("CAPTCHA_SECRET", "", f"is required with CAPTCHA_BACKEND={captcha}")
    return {
        "identity_encryption_key": env.get("IDENTITY_ENCRYPTION_KEY", ""),
        "identity_pepper": env.get("IDENTITY_PEPPER", ""),
        "identity_key_dir": env.get("IDENTITY_KEY_DIR", "./var"),
        "email_backend": choice(env, "EMAIL_BACKEND", "outbox", ("outbox", "smtp", "ses")),
        "outbox_dir": env.get("OUTBOX_DIR", "./var/outbox"),
        "payout_dir": env.get("PAYOUT_DIR", "./var/payouts"),
        "staff_refund_dual_control_above": int_value(env, "STAFF_REFUND_DUAL_CONTROL_ABOVE", 50_000, minimum=0),
        "email_sender": env.get("EMAIL_SENDER", "RastUp <no-reply@rastup.local>"),
        "smtp_host": env.get("SMTP_HOST", "127.0.0.1"),
        "smtp_port": int_value(env, "SMTP_PORT", 587, minimum=1),
        "smtp_security": choice(env, "SMTP_SECURITY", "starttls", ("starttls", "tls", "none")),
        "smtp_username": env.get("SMTP_USERNAME", ""),
        "smtp_password": env.get("SMTP_PASSWORD", ""),
        "smtp_timeout_s": seconds(env, "SMTP_TIMEOUT_S", 10.0, low=0.1, high=300.0),
        "sms_backend": choice(env, "SMS_BACKEND", "console", ("console", "sns")),
        "aws_region": env.get("AWS_REGION", "us-east-1"),
        "captcha_backend": captcha,
        "captcha_secret": env.get("CAPTCHA_SECRET", ""),
        "session_cookie_secure": flag(env, "SESSION_COOKIE_SECURE", True),
        "login_max_failures": int_value(env, "LOGIN_MAX_FAILURES", 5, minimum=1),
        "login_lockout_minutes": int_value(env, "LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
        "captcha_after_failures": int_value(env, "CAPTCHA_AFTER_FAILURES", 3, minimum=1),
        "captcha_risk_threshold": int_value(env, "CAPTCHA_RISK_THRESHOLD", 70, minimum=0),
        "password_min_length": int_value(env, "PASSWORD_MIN_LENGTH", 15, minimum=8),
        "google_client_ids": env.get("GOOGLE_CLIENT_IDS", ""),
        "apple_client_ids": env.get("APPLE_CLIENT_IDS", ""),
        "google_issuer": env.get("GOOGLE_ISSUER", "https://accounts.google.com"),
        "google_jwks_url": env.get("GOOGLE_JWKS_URL", "https://www.googleapis.com/oauth2/v3/certs"),
        "apple_issuer": env.get("APPLE_ISSUER", "https://appleid.apple.com"),
        "apple_jwks_url": env.get("APPLE_JWKS_URL", "https://appleid.apple.com/auth/keys"),
    }


def _media_from(env: Mapping[str, str]) -> dict[str, object]:
    """Media settings (issue 6): the object store (local files or S3) and the moderator."""
    backend = choice(env, "MEDIA_BACKEND", "local", ("local", "s3"))
    bucket = env.get("MEDIA_S3_BUCKET", "").strip()
    if backend == "s3" and not bucket:
        raise SettingsError("MEDIA_S3_BUCKET", "", "is required with MEDIA_BACKEND=s3")
    return {
        "media_backend": backend,
        "media_root": env.get("MEDIA_ROOT", "./var/media"),
        "media_signing_key": env.get("MEDIA_SIGNING_KEY", ""),
        "media_s3_bucket": bucket,
        "aws_endpoint_url": env.get("AWS_ENDPOINT_URL", "").strip(),
        "media_public_base_url": env.get("MEDIA_PUBLIC_BASE_URL", "").strip(),
        "media_moderator": choice(env, "MEDIA_MODERATOR", "manual", ("manual", "nudenet")),
        "media_s3_connect_timeout_s": seconds(env, "MEDIA_S3_CONNECT_TIMEOUT_S", 5.0, low=0.1, high=120.0),
        "media_s3_read_timeout_s": seconds(env, "MEDIA_S3_READ_TIMEOUT_S", 10.0, low=0.1, high=300.0),
        "media_s3_max_attempts": int_value(env, "MEDIA_S3_MAX_ATTEMPTS", 3, minimum=1),
    }


def _pdf_max_bytes(env: Mapping[str, str]) -> int:
    """A PDF attachment's cap: up to the upload route's body limit (a larger cap could never be reached)."""
    value = int_value(env, "MESSAGING_PDF_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
    if value > MAX_UPLOAD_BYTES:
        raise SettingsError("MESSAGING_PDF_MAX_BYTES", str(value), f"must be at most {MAX_UPLOAD_BYTES}")
    return value


def _tracing_from(env: Mapping[str, str]) -> dict[str, object]:
    """Tracing (issue 17): ``TRACING`` and the standard ``OTEL_*`` names (the OTLP base gets the traces path)."""
    endpoint, name = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip(), "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    if not endpoint and (base := env.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip().rstrip("/")):
        endpoint, name = f"{base}/v1/traces", "OTEL_EXPORTER_OTLP_ENDPOINT"
    if endpoint and (urlsplit(endpoint).scheme not in ("http", "https") or not urlsplit(endpoint).hostname):
        shown = "(a URL with credentials)" if "@" in endpoint else endpoint  # a password is never echoed
        raise SettingsError(name, shown, "must be an http(s) URL such as http://collector:4318")
    return {
        "tracing": "off" if flag(env, "OTEL_SDK_DISABLED", False) else choice(env, "TRACING", "off", _TRACING),
        "otlp_traces_endpoint": endpoint or "http://localhost:4318/v1/traces",
        "service_name": env.get("OTEL_SERVICE_NAME", "").strip() or "rastup",
        "trace_sample_ratio": seconds(env, "OTEL_TRACES_SAMPLER_ARG", 1.0, low=0.0, high=1.0, unit=""),
    }

"""Settings: the environment read once, into a frozen value that the container consumes."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

import attrs

DEFAULT_DATABASE_URL = "sqlite:///./var/rastup.db"

N = TypeVar("N", int, float)


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot run with."""

    def __init__(self, variable: str, value: str, reason: str) -> None:
        super().__init__(f"{variable}={value!r}: {reason}")
        self.variable = variable


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower()
    if value not in allowed:
        raise SettingsError(name, value, f"must be one of {', '.join(allowed)}")
    return value


def _number(env: Mapping[str, str], name: str, parse: Callable[[str], N], what: str) -> N | None:
    """The variable read with ``parse`` (``int``, ``float``), or None when it is not set."""
    raw = env.get(name)
    if raw is None:
        return None
    try:
        return parse(raw)
    except ValueError:
        raise SettingsError(name, raw, f"must be {what}") from None


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    value = _number(env, name, int, "a whole number")
    if value is None:
        return default
    if value < minimum:
        raise SettingsError(name, env[name], f"must be at least {minimum}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float, *, low: float, high: float) -> float:
    value = _number(env, name, float, "a number of seconds")
    if value is None:
        return default
    if not low <= value <= high:  # also refuses nan
        raise SettingsError(name, env[name], f"must be between {low:g} and {high:g} seconds")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(name, raw, "must be true or false")


def _proxies(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or CIDR networks, or ``*`` (every peer is a proxy: only when nothing but
    the load balancer can reach the service)."""
    entries = tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())
    if entries == ("*",):
        return entries
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise SettingsError(name, entry, "must be IP addresses or CIDR networks, comma-separated, or *") from None
    return entries


def _feed_proxy(env: Mapping[str, str], name: str) -> str:
    """``http://host:port`` without credentials, or empty (feeds are fetched directly)."""
    raw = env.get(name, "").strip()
    if not raw:
        return ""
    shown = "..." if "@" in raw else raw  # a refused value with credentials is not printed back
    refused = SettingsError(name, shown, "must be http://host:port (no user name or password, no path)")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise refused from None
    if parts.scheme != "http" or not parts.hostname or port is None or "@" in parts.netloc or parts.path not in "/":
        raise refused
    return raw


def _score_above(env: Mapping[str, str], name: str, default: int, floor: int) -> int:
    """A completeness score (at most 100) no lower than ``floor`` (Instant Book needs at least publishing's)."""
    value = _int(env, name, default, minimum=0)
    if not floor <= value <= 100:
        raise SettingsError(name, str(value), f"must be between PUBLISH_MIN_SCORE ({floor}) and 100")
    return value


_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})  # noqa: S104  # recognised here, never bound


def _base_url(env: Mapping[str, str], name: str, host: str, port: int) -> str:
    """Where the service is reached, for every absolute URL it builds (never from a request's Host header):
    ``name`` if set (an http(s) origin, optionally with a path prefix), else the served host and port."""
    raw = env.get(name, "").strip()
    if not raw:
        shown = "127.0.0.1" if host in _WILDCARD_HOSTS else (f"[{host}]" if ":" in host else host)
        return f"http://{shown}:{port}"
    parts = urlsplit(raw)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        shown = "(a URL with credentials)" if "@" in parts.netloc else raw  # a password is never echoed
        raise SettingsError(name, shown, "must be an http(s) URL such as https://rastup.example (no query or user)")
    return raw.rstrip("/")


@attrs.frozen
class Settings:
    """Everything the service reads from its environment. Build with ``Settings.from_env()``."""

    database_url: str = DEFAULT_DATABASE_URL
    search_backend: str = "sql"  # sql (typesense with the search issue)
    payments_backend: str = "test"  # test (stripe with the Stripe issue)
    media_backend: str = "local"  # local | s3
    media_root: str = "./var/media"  # local: where objects live (served: public/ only)
    media_signing_key: str = attrs.field(default="", repr=False)  # local: upload-URL HMAC key; empty: generated
    media_s3_bucket: str = ""  # s3: required
    aws_endpoint_url: str = ""  # s3: empty for AWS itself; set for moto/MinIO/other S3-compatible stores
    media_public_base_url: str = ""  # where public/ is served (CDN); empty: PUBLIC_BASE_URL (local) or the bucket
    media_moderator: str = "manual"  # manual (staff review everything) | nudenet (extra rastup[moderation])
    rate_limit_backend: str = "memory"  # memory | redis
    redis_url: str = "redis://127.0.0.1:6379/0"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    log_json: bool = True
    max_body_bytes: int = 1_048_576
    public_base_url: str = "http://127.0.0.1:8000"
    publish_min_score: int = 70  # onboarding: completeness needed to publish a profile
    instant_book_min_score: int = 85  # onboarding: completeness needed for Instant Book
    booking_expiry_interval_s: int = 30  # booking: how often the service sweeps (expires holds, completes) (0: never)
    booking_complete_after_hours: int = 24  # booking: a confirmed booking completes this long after its end
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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the plain names the plan uses (``DATABASE_URL``, ``SEARCH_BACKEND``, ...); ``env`` is for tests."""
        env = os.environ if env is None else env
        port = _int(env, "PORT", 8000, minimum=1)
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            # Only backends whose adapters exist are accepted; typesense, stripe and s3 join these lists
            # with their adapters, so a typo or a not-yet-built backend stops start-up with a clear message.
            search_backend=_choice(env, "SEARCH_BACKEND", "sql", ("sql",)),
            payments_backend=_choice(env, "PAYMENTS_BACKEND", "test", ("test",)),
            rate_limit_backend=_choice(env, "RATE_LIMIT_BACKEND", "memory", ("memory", "redis")),
            redis_url=env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            host=env.get("HOST", "127.0.0.1"),
            port=port,
            workers=_int(env, "WEB_CONCURRENCY", 1, minimum=1),
            log_level=_choice(env, "LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
            log_json=_flag(env, "LOG_JSON", True),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_048_576, minimum=1024),
            public_base_url=_base_url(env, "PUBLIC_BASE_URL", env.get("HOST", "127.0.0.1"), port),
            publish_min_score=_int(env, "PUBLISH_MIN_SCORE", 70, minimum=0),
            instant_book_min_score=_score_above(env, "INSTANT_BOOK_MIN_SCORE", 85, _int(env, "PUBLISH_MIN_SCORE", 70)),
            booking_expiry_interval_s=_int(env, "BOOKING_EXPIRY_INTERVAL_S", 30, minimum=0),
            booking_complete_after_hours=_int(env, "BOOKING_COMPLETE_AFTER_HOURS", 24, minimum=0),
            delivery_poll_s=_seconds(env, "DELIVERY_POLL_S", 5.0, low=0.05, high=300.0),
            trusted_proxies=_proxies(env, "TRUSTED_PROXIES"),
            geo_country_header=env.get("GEO_COUNTRY_HEADER", "").strip(),
            geo_asn_header=env.get("GEO_ASN_HEADER", "").strip(),
            calendar_feed_proxy=_feed_proxy(env, "CALENDAR_FEED_PROXY"),
            calendar_feeds_allow_private=_flag(env, "CALENDAR_FEEDS_ALLOW_PRIVATE", False),
            **_identity_from(env),
            **_media_from(env),
        )


def _identity_from(env: Mapping[str, str]) -> dict[str, object]:
    """Identity settings (issue 5): secrets, delivery and CAPTCHA backends, lockout numbers."""
    captcha = _choice(env, "CAPTCHA_BACKEND", "test", ("test", "turnstile", "hcaptcha"))
    if captcha != "test" and not env.get("CAPTCHA_SECRET"):
        raise SettingsError("CAPTCHA_SECRET", "", f"is required with CAPTCHA_BACKEND={captcha}")
    return {
        "identity_encryption_key": env.get("IDENTITY_ENCRYPTION_KEY", ""),
        "identity_pepper": env.get("IDENTITY_PEPPER", ""),
        "identity_key_dir": env.get("IDENTITY_KEY_DIR", "./var"),
        "email_backend": _choice(env, "EMAIL_BACKEND", "outbox", ("outbox", "smtp", "ses")),
        "outbox_dir": env.get("OUTBOX_DIR", "./var/outbox"),
        "email_sender": env.get("EMAIL_SENDER", "RastUp <no-reply@rastup.local>"),
        "smtp_host": env.get("SMTP_HOST", "127.0.0.1"),
        "smtp_port": _int(env, "SMTP_PORT", 587, minimum=1),
        "smtp_security": _choice(env, "SMTP_SECURITY", "starttls", ("starttls", "tls", "none")),
        "smtp_username": env.get("SMTP_USERNAME", ""),
        "smtp_password": env.get("SMTP_PASSWORD", ""),
        "sms_backend": _choice(env, "SMS_BACKEND", "console", ("console", "sns")),
        "aws_region": env.get("AWS_REGION", "us-east-1"),
        "captcha_backend": captcha,
        "captcha_secret": env.get("CAPTCHA_SECRET", ""),
        "session_cookie_secure": _flag(env, "SESSION_COOKIE_SECURE", True),
        "login_max_failures": _int(env, "LOGIN_MAX_FAILURES", 5, minimum=1),
        "login_lockout_minutes": _int(env, "LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
        "captcha_after_failures": _int(env, "CAPTCHA_AFTER_FAILURES", 3, minimum=1),
        "captcha_risk_threshold": _int(env, "CAPTCHA_RISK_THRESHOLD", 70, minimum=0),
        "password_min_length": _int(env, "PASSWORD_MIN_LENGTH", 15, minimum=8),
        "google_client_ids": env.get("GOOGLE_CLIENT_IDS", ""),
        "apple_client_ids": env.get("APPLE_CLIENT_IDS", ""),
        "google_issuer": env.get("GOOGLE_ISSUER", "https://accounts.google.com"),
        "google_jwks_url": env.get("GOOGLE_JWKS_URL", "https://www.googleapis.com/oauth2/v3/certs"),
        "apple_issuer": env.get("APPLE_ISSUER", "https://appleid.apple.com"),
        "apple_jwks_url": env.get("APPLE_JWKS_URL", "https://appleid.apple.com/auth/keys"),
    }


def _media_from(env: Mapping[str, str]) -> dict[str, object]:
    """Media settings (issue 6): the object store (local files or S3) and the moderator."""
    backend = _choice(env, "MEDIA_BACKEND", "local", ("local", "s3"))
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
        "media_moderator": _choice(env, "MEDIA_MODERATOR", "manual", ("manual", "nudenet")),
    }

"""Security headers on every response (HTML, JSON, problems and unrouted 404s alike), set as it is sent.

One Content-Security-Policy for the service: nothing loads but the page's own stylesheet (by hash: it is the
one inline ``<style>`` of templates/base.html) and images from here or the media host; no script runs (the
page's JSON-LD is a data block, which CSP does not treat as script). The OpenAPI viewers under ``/schema``
load their scripts and styles from CDNs with inline bootstraps, so they get a policy of their own. HSTS only
on HTTPS: the scheme uvicorn or a trusted proxy (``client_address``) put in the scope.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from litestar.types import Message, Scope

HSTS = b"max-age=31536000; includeSubDomains"
_FIXED = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
DOCS_PREFIX = "/schema"
_DOCS_CDNS = "https://cdn.jsdelivr.net https://unpkg.com https://cdn.redoc.ly"
DOCS_POLICY = (
    f"default-src 'none'; script-src 'self' 'unsafe-inline' {_DOCS_CDNS}; "
    f"style-src 'self' 'unsafe-inline' {_DOCS_CDNS} https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com data:; img-src 'self' data: https:; connect-src 'self'; "
    "worker-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def style_hashes(html: str) -> list[str]:
    """CSP sources (``'sha256-...'``) allowing exactly the inline ``<style>`` elements of ``html``."""
    found = re.findall(r"<style>(.*?)</style>", html, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'" for css in found]


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def page_policy(styles: Iterable[str], image_hosts: Iterable[str]) -> str:
    """The service's policy: ``styles`` (hash sources) and images from here and ``image_hosts`` (URLs)."""
    images = ["'self'", *dict.fromkeys(o for o in map(_origin, image_hosts) if o is not None), "https:"]
    style = " ".join(styles) or "'none'"
    return (
        f"default-src 'none'; img-src {' '.join(images)}; style-src {style}; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def security_headers(policy: str) -> Callable[[Message, Scope], Awaitable[None]]:
    """A ``before_send`` hook adding the headers to every response start (``policy`` outside ``/schema``)."""
    page, docs = policy.encode(), DOCS_POLICY.encode()

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = list(message.get("headers", []))
        present = {bytes(name).lower() for name, _ in headers}
        is_docs = str(scope.get("path", "")).startswith(DOCS_PREFIX)
        wanted = [*_FIXED, (b"content-security-policy", docs if is_docs else page)]
        if scope.get("scheme") == "https":
            wanted.append((b"strict-transport-security", HSTS))
        headers.extend((name, value) for name, value in wanted if name not in present)
        message["headers"] = headers  # type: ignore[typeddict-unknown-key]  # ASGI allows it

    return add_headers

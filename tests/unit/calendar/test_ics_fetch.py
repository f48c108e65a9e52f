"""The stdlib HTTP feed fetcher against a real HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from adapters.ics.fetch import HttpFeedFetcher
from core.calendar.feeds import FeedFetched, FeedFetchFailed, FeedNotModified, FetchFailure

BODY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n"
MODIFIED = "Sun, 01 Mar 2026 10:00:00 GMT"
RELEASE = threading.Event()


class FeedHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        return

    def do_GET(self) -> None:
        if self.path == "/feed.ics":
            if self.headers.get("If-None-Match") == '"v1"' or self.headers.get("If-Modified-Since") == MODIFIED:
                self.send_response(304)
                self.end_headers()
                return
            self._send(BODY, {"ETag": '"v1"', "Last-Modified": MODIFIED})
        elif self.path == "/declared-big.ics":
            self._send(b"x" * 5000)
        elif self.path == "/streamed-big.ics":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the body ends when the connection closes
            self.wfile.write(b"x" * 5000)
        elif self.path == "/slow.ics":
            RELEASE.wait(2.0)  # holds the answer until the test is over (or 2 s at most)
            self._send(BODY)
        else:
            self.send_error(404)

    def _send(self, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        RELEASE.set()
        server.shutdown()
        server.server_close()


def test_a_fresh_fetch_returns_the_body_and_validators(base_url: str) -> None:
    outcome = HttpFeedFetcher(allow_private=True).fetch(f"{base_url}/feed.ics", None, None)
    assert outcome == FeedFetched(BODY, '"v1"', MODIFIED)


@pytest.mark.parametrize(("etag", "modified"), [('"v1"', None), (None, MODIFIED)])
def test_validators_are_sent_and_a_304_is_not_modified(base_url: str, etag: str | None, modified: str | None) -> None:
    assert HttpFeedFetcher(allow_private=True).fetch(f"{base_url}/feed.ics", etag, modified) == FeedNotModified()


@pytest.mark.parametrize("path", ["/declared-big.ics", "/streamed-big.ics"])
def test_an_oversize_feed_is_refused(base_url: str, path: str) -> None:
    outcome = HttpFeedFetcher(max_bytes=1000, allow_private=True).fetch(f"{base_url}{path}", None, None)
    assert isinstance(outcome, FeedFetchFailed) and outcome.failure is FetchFailure.TOO_LARGE


def test_the_time_budget_is_honoured(base_url: str) -> None:
    outcome = HttpFeedFetcher(timeout=0.2, allow_private=True).fetch(f"{base_url}/slow.ics", None, None)
    assert isinstance(outcome, FeedFetchFailed) and outcome.failure is FetchFailure.TIMEOUT


def test_http_errors_refused_connections_and_other_schemes_are_unreachable(base_url: str) -> None:
    fetcher = HttpFeedFetcher(timeout=1.0, allow_private=True)
    missing = fetcher.fetch(f"{base_url}/missing.ics", None, None)
    assert missing == FeedFetchFailed(FetchFailure.UNREACHABLE, "HTTP 404")
    for url in ("http://127.0.0.1:9/feed.ics", "file:///etc/passwd", "ftp://example.test/x.ics"):
        outcome = fetcher.fetch(url, None, None)
        assert isinstance(outcome, FeedFetchFailed) and outcome.failure is FetchFailure.UNREACHABLE, url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin.ics",  # loopback
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://10.1.2.3/cal.ics",  # private
        "http://[::1]/cal.ics",  # IPv6 loopback
        "http://100.64.0.1/cal.ics",  # shared address space
        "http://localhost/cal.ics",
    ],
)
def test_user_feed_urls_into_the_servers_own_network_are_refused(url: str) -> None:
    outcome = HttpFeedFetcher().fetch(url, None, None)
    assert isinstance(outcome, FeedFetchFailed)
    assert outcome.failure is FetchFailure.UNREACHABLE and outcome.detail.startswith("refused:")


def test_public_addresses_pass_the_guard_and_redirects_inward_are_refused() -> None:
    import urllib.error

    from adapters.ics.fetch import _PublicRedirects, non_public_reason

    assert non_public_reason("https://8.8.8.8/cal.ics") is None
    assert non_public_reason("https://[2001:4860:4860::8888]/cal.ics") is None
    with pytest.raises(urllib.error.URLError, match="redirect refused"):
        _PublicRedirects().redirect_request(None, None, 302, "Found", {}, "http://127.0.0.1/secret")


def test_a_name_that_rebinds_to_an_inside_address_after_the_check_is_refused_at_connect(
    base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name looked public when checked, then the connection reached loopback."""
    import adapters.ics.fetch as fetch

    monkeypatch.setattr(fetch, "non_public_reason", lambda _url: None)  # the resolver said "public" a moment ago
    monkeypatch.setattr(fetch.urllib.request, "getproxies", dict)  # no egress proxy in the environment
    outcome = HttpFeedFetcher(timeout=2).fetch(f"{base_url}/feed.ics", None, None)
    assert isinstance(outcome, FeedFetchFailed)
    assert outcome.detail.startswith("refused: connected to a non-public address (127.0.0.1)")
    # the same server is reachable when private addresses are allowed on purpose: the guard made the difference
    assert isinstance(HttpFeedFetcher(timeout=2, allow_private=True).fetch(f"{base_url}/feed.ics", None, None),
                      FeedFetched)  # fmt: skip

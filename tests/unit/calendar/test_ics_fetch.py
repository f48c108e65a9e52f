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
REDIRECTS = {
    "/to-credentials": "http://me:hunter2@127.0.0.1:{port}/feed.ics",
    "/to-encoded-host": "http://127.0.0.%2531:{port}/feed.ics",
    "/to-ftp": "ftp://127.0.0.1/feed.ics",
    "/to-itself": "/to-itself",
    "/to-feed": "/feed.ics",
}


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
        elif self.path.startswith("/to-"):
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path].format(port=port))
            self.send_header("Content-Length", "0")
            self.end_headers()
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


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-credentials", "refused: a redirect was refused: must not hold a user name or password"),
        ("/to-encoded-host", "refused: a redirect was refused: the host must not hold"),
        ("/to-ftp", "refused: a redirect was refused: must be an http, https or webcal URL"),
        ("/to-itself", "more than 5 redirects"),
    ],
)
def test_every_redirect_is_checked_like_the_first_url(base_url: str, path: str, reason: str) -> None:
    outcome = HttpFeedFetcher(timeout=2, allow_private=True).fetch(f"{base_url}{path}", None, None)
    assert isinstance(outcome, FeedFetchFailed) and outcome.failure is FetchFailure.UNREACHABLE
    assert outcome.detail.startswith(reason) and "hunter2" not in outcome.detail


def test_a_relative_redirect_is_followed(base_url: str) -> None:
    outcome = HttpFeedFetcher(timeout=2, allow_private=True).fetch(f"{base_url}/to-feed", None, None)
    assert outcome == FeedFetched(BODY, '"v1"', MODIFIED)

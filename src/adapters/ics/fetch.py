"""Fetch ICS feeds over HTTP(S) with the standard library: checked and pinned addresses, validators, a size cap,
a time budget, a few redirects (each checked like the first URL)."""

from __future__ import annotations

import http.client
import ssl
import time
from urllib.parse import urljoin

from adapters.ics.addresses import AddressRefused, Resolver, checked_addresses, system_resolver
from adapters.ics.connect import FeedProxy, NonPublicPeer, PinnedConnection, PinnedTlsConnection
from core.calendar.feed_urls import FeedTarget, IPAddress, parse_feed_url
from core.calendar.feeds import FeedFetched, FeedFetchFailed, FeedNotModified, FetchFailure, FetchOutcome
from core.shared.errors import InvalidInput

_CHUNK = 64 * 1024
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}


class HttpFeedFetcher:
    """The ``FeedFetcher`` port over http.client. ``webcal://`` is fetched as ``https://``.

    Each URL is parsed once (``core.calendar.feed_urls``: the host percent-decoded, IDNA-normalised, odd IPv4
    notations read as addresses); the host is resolved here, every address is checked, and the connection goes
    to a checked address, whose peer is checked again after connecting - so nothing resolves the name a second
    time and a rebinding DNS answer cannot steer the fetch inside. Unless ``allow_private`` (tests, intranet
    deployments), non-public addresses are refused before any connection. Environment proxy variables are
    ignored; ``proxy`` (``CALENDAR_FEED_PROXY``) tunnels through the operator's proxy to the checked address.
    ``timeout`` bounds every socket operation and the whole download (checked between chunks).
    """

    def __init__(
        self,
        max_bytes: int = 5_000_000,
        timeout: float = 10.0,
        user_agent: str = "RastUp/1",
        *,
        allow_private: bool = False,
        proxy: str = "",
        resolve: Resolver = system_resolver,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._user_agent = user_agent
        self._allow_private = allow_private
        self._proxy = FeedProxy.from_url(proxy)
        self._resolve = resolve
        self._tls = tls or ssl.create_default_context()  # the system's trust store unless one is given

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        try:
            target = parse_feed_url(url)
        except InvalidInput as error:
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"refused: the URL {error.reason}")
        headers = {"User-Agent": self._user_agent, "Accept": "text/calendar, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self._timeout
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                outcome = self._get(target, headers, deadline)
                if not isinstance(outcome, FeedTarget):
                    return outcome
                target = outcome
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"more than {MAX_REDIRECTS} redirects")
        except AddressRefused as refused:
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"refused: {refused.reason}")
        except NonPublicPeer as refused:
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"refused: {refused}")
        except TimeoutError:
            return FeedFetchFailed(FetchFailure.TIMEOUT, f"no answer within {self._timeout} s")
        except (OSError, http.client.HTTPException, ValueError) as error:
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"{type(error).__name__}: {error}"[:200])

    def _get(self, target: FeedTarget, headers: dict[str, str], deadline: float) -> FetchOutcome | FeedTarget:
        """One request: the outcome, or the checked target of a redirect."""
        connection = self._connected(target)
        try:
            connection.request("GET", target.path, headers=headers)
            response = connection.getresponse()
            if response.status in _REDIRECTS and response.getheader("Location"):
                return self._redirect(target, response.getheader("Location", ""))
            if response.status == 304:
                return FeedNotModified()
            if not 200 <= response.status < 300:
                return FeedFetchFailed(FetchFailure.UNREACHABLE, f"HTTP {response.status}")
            return self._read(response, deadline)
        finally:
            connection.close()

    def _connected(self, target: FeedTarget) -> PinnedConnection:
        """A connection to the first checked address that answers (every one was checked, so any will do)."""
        *others, last = checked_addresses(target, self._resolve, allow_private=self._allow_private)
        for address in others:
            try:
                return self._connection(target, address)
            except NonPublicPeer:
                raise
            except OSError:
                continue
        return self._connection(target, last)

    def _connection(self, target: FeedTarget, address: IPAddress) -> PinnedConnection:
        allow = self._allow_private
        if target.scheme == "https":
            connection: PinnedConnection = PinnedTlsConnection(
                target, address, self._timeout, self._proxy, allow_private=allow, context=self._tls
            )
        else:
            connection = PinnedConnection(target, address, self._timeout, self._proxy, allow_private=allow)
        connection.connect()
        return connection

    @staticmethod
    def _redirect(target: FeedTarget, location: str) -> FeedTarget:
        try:
            return parse_feed_url(urljoin(target.url, location))
        except InvalidInput as error:
            raise AddressRefused(f"a redirect was refused: {error.reason}") from None

    def _read(self, response: http.client.HTTPResponse, deadline: float) -> FetchOutcome:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self._max_bytes:
            return FeedFetchFailed(FetchFailure.TOO_LARGE, f"declared {declared} bytes")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > self._max_bytes:
                return FeedFetchFailed(FetchFailure.TOO_LARGE, f"more than {self._max_bytes} bytes")
            if time.monotonic() > deadline:
                return FeedFetchFailed(FetchFailure.TIMEOUT, f"download exceeded {self._timeout} s")
            chunks.append(chunk)
        return FeedFetched(b"".join(chunks), response.headers.get("ETag"), response.headers.get("Last-Modified"))

"""Fetch ICS feeds over HTTP(S) with the standard library: validators, a size cap, a time budget."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from http.client import HTTPResponse
from typing import Any
from urllib.parse import urlsplit

from core.calendar.feeds import FeedFetched, FeedFetchFailed, FeedNotModified, FetchFailure, FetchOutcome

_CHUNK = 64 * 1024


def non_public_reason(url: str) -> str | None:
    """Why ``url`` must not be fetched on a user's behalf, or ``None`` when every address it resolves to
    is public. Feed URLs come from users, so loopback, private, link-local (cloud metadata), shared and
    reserved addresses are refused: the server must not become a proxy into its own network (SSRF)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return "the URL has no host"
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None  # unresolvable: urlopen reports it as unreachable
    for info in infos:
        if not _is_public(str(info[4][0])):
            return f"{parts.hostname} resolves to a non-public address ({info[4][0]})"
    return None


def _is_public(host: str) -> bool:
    address = ipaddress.ip_address(host.split("%")[0])
    return address.is_global and not address.is_multicast


class NonPublicPeer(OSError):
    """The connection reached a non-public address although the name resolved to public ones a moment before."""


def _public_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
    """``socket.create_connection`` that refuses, before a byte is sent, a peer that is not public: the
    address actually connected is checked, so a DNS answer that changes after ``non_public_reason`` looked
    (rebinding) cannot steer the fetch into the server's own network."""
    sock = socket.create_connection(address, *args, **kwargs)
    peer = str(sock.getpeername()[0])
    if not _is_public(peer):
        sock.close()
        raise NonPublicPeer(f"connected to a non-public address ({peer})")
    return sock


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _public_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _public_connection  # before the TLS handshake: nothing is sent to it


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: Any) -> Any:
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a public address, so a redirect cannot smuggle the fetch inside."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        reason = non_public_reason(newurl)
        if reason is not None:
            raise urllib.error.URLError(f"redirect refused: {reason}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class HttpFeedFetcher:
    """The ``FeedFetcher`` port over urllib. ``webcal://`` is fetched as ``https://``.

    ``timeout`` bounds every socket operation and the whole download (checked between chunks). Unless
    ``allow_private`` (tests, or a deployment that syncs intranet calendars on purpose), URLs and redirects
    that resolve to non-public addresses are refused, and so is a connection whose peer turns out not to be
    public (a DNS answer that changed after the check: rebinding). With an egress proxy in the environment
    (``HTTPS_PROXY``...), the connection goes to the proxy, so that last check is the proxy's to make.
    """

    def __init__(
        self,
        max_bytes: int = 5_000_000,
        timeout: float = 10.0,
        user_agent: str = "RastUp/1",
        *,
        allow_private: bool = False,
    ) -> None:
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._user_agent = user_agent
        self._allow_private = allow_private
        guards: list[urllib.request.BaseHandler] = [] if allow_private else [_PublicRedirects()]
        if not allow_private and not urllib.request.getproxies():  # behind an egress proxy, the proxy guards
            guards += [_PublicHTTPHandler(), _PublicHTTPSHandler()]
        self._opener = urllib.request.build_opener(*guards)

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        if url.startswith("webcal://"):
            url = "https://" + url.removeprefix("webcal://")
        if not url.startswith(("http://", "https://")):
            return FeedFetchFailed(FetchFailure.UNREACHABLE, "only http, https and webcal URLs are fetched")
        if not self._allow_private and (reason := non_public_reason(url)) is not None:
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"refused: {reason}")
        headers = {"User-Agent": self._user_agent, "Accept": "text/calendar, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)  # noqa: S310  # scheme checked above
        deadline = time.monotonic() + self._timeout
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                return self._read(response, deadline)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return FeedNotModified()
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"HTTP {error.code}")
        except TimeoutError:
            return FeedFetchFailed(FetchFailure.TIMEOUT, f"no answer within {self._timeout} s")
        except urllib.error.URLError as error:
            if isinstance(error.reason, NonPublicPeer):
                return FeedFetchFailed(FetchFailure.UNREACHABLE, f"refused: {error.reason}")
            if isinstance(error.reason, TimeoutError | socket.timeout):
                return FeedFetchFailed(FetchFailure.TIMEOUT, f"no answer within {self._timeout} s")
            return FeedFetchFailed(FetchFailure.UNREACHABLE, str(error.reason)[:200])
        except (OSError, ValueError) as error:
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"{type(error).__name__}: {error}"[:200])

    def _read(self, response: HTTPResponse, deadline: float) -> FetchOutcome:
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

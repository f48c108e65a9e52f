"""Fetch ICS feeds over HTTP(S) with the standard library: validators, a size cap, a time budget."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from http.client import HTTPResponse

from core.calendar.feeds import FeedFetched, FeedFetchFailed, FeedNotModified, FetchFailure, FetchOutcome

_CHUNK = 64 * 1024


class HttpFeedFetcher:
    """The ``FeedFetcher`` port over urllib. ``webcal://`` is fetched as ``https://``.

    ``timeout`` bounds every socket operation and the whole download (checked between chunks).
    """

    def __init__(self, max_bytes: int = 5_000_000, timeout: float = 10.0, user_agent: str = "RastUp/1") -> None:
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._user_agent = user_agent

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        if url.startswith("webcal://"):
            url = "https://" + url.removeprefix("webcal://")
        if not url.startswith(("http://", "https://")):
            return FeedFetchFailed(FetchFailure.UNREACHABLE, "only http, https and webcal URLs are fetched")
        headers = {"User-Agent": self._user_agent, "Accept": "text/calendar, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)  # noqa: S310  # scheme checked above
        deadline = time.monotonic() + self._timeout
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
                return self._read(response, deadline)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return FeedNotModified()
            return FeedFetchFailed(FetchFailure.UNREACHABLE, f"HTTP {error.code}")
        except TimeoutError:
            return FeedFetchFailed(FetchFailure.TIMEOUT, f"no answer within {self._timeout} s")
        except urllib.error.URLError as error:
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

"""Breach check against a k-anonymity range API over HTTP (stdlib urllib, configurable base URL)."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

from adapters.breach.k_anonymity import PREFIX_LENGTH, parse_range, sha1_hex
from core.identity.errors import BreachCheckUnavailable

DEFAULT_BASE_URL = "https://api.pwnedpasswords.com"


class HttpRangeBreachedPasswords:
    """``GET {base_url}/range/{PREFIX}`` with ``Add-Padding: true`` so response sizes leak nothing.

    Any network or HTTP failure raises ``BreachCheckUnavailable``; the password policy decides
    whether that fails open or closed.
    """

    def __init__(
        self, base_url: str = DEFAULT_BASE_URL, timeout_s: float = 2.0, user_agent: str = "rastup-identity"
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError("base_url must be an http(s) URL")
        self._base_url = base_url.rstrip("/")
        self._timeout_s = timeout_s
        self._user_agent = user_agent

    def suffixes(self, prefix: str) -> dict[str, int]:
        """Every suffix (with its count) in the range ``prefix``."""
        request = urllib.request.Request(  # noqa: S310 -- scheme checked in __init__
            f"{self._base_url}/range/{prefix}",
            headers={"Add-Padding": "true", "User-Agent": self._user_agent},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:  # noqa: S310
                body = response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as exc:
            raise BreachCheckUnavailable(f"range API: {type(exc).__name__}") from exc
        return parse_range(body)

    def is_breached(self, password: str) -> bool:
        digest = sha1_hex(password)
        return digest[PREFIX_LENGTH:] in self.suffixes(digest[:PREFIX_LENGTH])

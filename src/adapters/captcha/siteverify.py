"""CaptchaVerifier adapters for siteverify APIs (stdlib urllib): Turnstile and hCaptcha share the shape."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger("rastup.captcha")

TURNSTILE_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
HCAPTCHA_URL = "https://api.hcaptcha.com/siteverify"


class SiteverifyCaptchaVerifier:
    """POSTs ``secret``, ``response`` and ``remoteip`` as a form; accepts only ``{"success": true}``.

    Any failure (network, timeout, HTTP error, bad JSON) answers False: a CAPTCHA fails closed.
    """

    def __init__(self, url: str, secret: str, timeout_s: float = 5.0) -> None:
        self._url = url
        self._secret = secret
        self._timeout_s = timeout_s

    @classmethod
    def turnstile(cls, secret: str, url: str = TURNSTILE_URL) -> SiteverifyCaptchaVerifier:
        return cls(url, secret)

    @classmethod
    def hcaptcha(cls, secret: str, url: str = HCAPTCHA_URL) -> SiteverifyCaptchaVerifier:
        return cls(url, secret)

    def verify(self, token: str, remote_ip: str) -> bool:
        if not token or len(token) > 2048:
            return False
        form = urllib.parse.urlencode({"secret": self._secret, "response": token, "remoteip": remote_ip}).encode()
        request = urllib.request.Request(self._url, data=form, method="POST")  # noqa: S310 -- https URL from settings
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:  # noqa: S310 -- same
                answer = json.loads(response.read(65_536))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            log.warning("captcha siteverify failed: %s", type(error).__name__)
            return False
        return isinstance(answer, dict) and answer.get("success") is True


class TestCaptchaVerifier:
    """The embedded default: accepts exactly ``accepted_token``; everything else fails."""

    __test__ = False  # not a pytest class

    def __init__(self, accepted_token: str = "test-captcha-pass") -> None:  # noqa: S107 -- a public test value
        self._accepted = accepted_token

    def verify(self, token: str, remote_ip: str) -> bool:
        return token == self._accepted

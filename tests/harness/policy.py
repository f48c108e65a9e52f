"""What a missing peer means: a loud failure under CI, a skip with a reason on a developer machine."""

import os
from typing import NoReturn

import pytest


class PeerUnavailable(Exception):
    """A peer could not be reached or started; carries what was tried and the evidence."""

    def __init__(self, peer: str, tried: str, detail: str = "") -> None:
        super().__init__(peer, tried, detail)
        self.peer = peer
        self.tried = tried
        self.detail = detail

    def __str__(self) -> str:
        text = f"{self.peer} unavailable; tried: {self.tried}"
        return f"{text}\n{self.detail}" if self.detail else text


def in_ci() -> bool:
    """True when the CI environment variable says so (GitHub, GitLab and most runners set CI=true)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def report_unavailable(error: PeerUnavailable) -> NoReturn:
    """Fail the requesting test under CI; otherwise skip it, saying why and how to make it strict."""
    if in_ci():
        pytest.fail(f"[CI=true] {error}", pytrace=False)
    pytest.skip(f"{error}\n(outside CI this is a skip; under CI=true it fails)")

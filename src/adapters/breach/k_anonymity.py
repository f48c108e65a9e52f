"""The k-anonymity range model: 5 hex chars of the SHA-1 go out, every suffix in that range comes back."""

from __future__ import annotations

import hashlib

PREFIX_LENGTH = 5


def sha1_hex(password: str) -> str:
    """Upper-case SHA-1 hex of the UTF-8 password, as the range API and its files spell it."""
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def parse_range(body: str) -> dict[str, int]:
    """``SUFFIX:COUNT`` lines -> {suffix: count}. Padding entries (count 0) and junk lines are dropped."""
    found: dict[str, int] = {}
    for line in body.splitlines():
        suffix, sep, count = line.strip().partition(":")
        if not sep or not count.strip().isdigit():
            continue
        if int(count) > 0:
            found[suffix.upper()] = int(count)
    return found

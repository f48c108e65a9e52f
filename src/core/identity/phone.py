"""Phone numbers for SMS codes: E.164 only (``+`` then 8 to 15 digits), as the gateways expect."""

from __future__ import annotations

from core.shared.errors import InvalidInput

MIN_DIGITS, MAX_DIGITS = 8, 15


def validated_phone(raw: str) -> str:
    """Return ``raw`` in E.164 (spaces, dots, dashes and brackets dropped) or raise ``InvalidInput("phone", ...)``."""
    compact = "".join(ch for ch in raw.strip() if ch not in " .-()")
    digits = compact[1:]
    if (
        not compact.startswith("+")
        or not digits.isascii()
        or not digits.isdigit()
        or digits.startswith("0")
        or not MIN_DIGITS <= len(digits) <= MAX_DIGITS
    ):
        raise InvalidInput("phone", "must be an international number such as +33612345678")
    return compact

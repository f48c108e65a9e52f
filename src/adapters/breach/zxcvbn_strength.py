"""Password strength through zxcvbn (the maintained Python port): a 0..4 guessability score."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import structlog
from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # the package ships no type hints

from core.identity.service_ports import StrengthEstimate

log = structlog.get_logger("rastup.identity")
# zxcvbn keeps the user inputs of the call in a module-level dictionary: two sign-ups scored at once on two
# threads would each be matched against the other's email. One call at a time (a few milliseconds each).
_ONE_AT_A_TIME = threading.Lock()
UNSCORABLE = StrengthEstimate(0, ("This password could not be checked; choose another one.",))


def _same_length_lowercase(password: str) -> str:
    """zxcvbn indexes matches found in ``password.lower()`` against ``password``; a character whose lowercase is
    longer (``İ`` -> ``i̇``) shifts them. Such characters are given in lowercase, where it changes no length."""
    return "".join(c.lower() if len(c.lower()) != 1 else c for c in password)


class ZxcvbnStrengthEstimator:
    """Scores up to ``max_length`` characters (the policy refuses longer input before asking)."""

    def __init__(self, max_length: int = 128) -> None:
        self._max_length = max_length

    def estimate(self, password: str, user_inputs: Sequence[str]) -> StrengthEstimate:
        candidate = _same_length_lowercase(password[: self._max_length])[: self._max_length]
        try:
            with _ONE_AT_A_TIME:
                result = zxcvbn(candidate, user_inputs=list(user_inputs), max_length=self._max_length)
        except (IndexError, KeyError, ValueError) as error:  # a defect inside zxcvbn: refuse, never a 500
            log.warning("password_strength_unscorable", error=type(error).__name__, length=len(candidate))
            return UNSCORABLE
        feedback = result.get("feedback") or {}
        warning = feedback.get("warning") or ""
        hints = tuple(h for h in (warning, *feedback.get("suggestions", ())) if h)
        return StrengthEstimate(int(result["score"]), hints)

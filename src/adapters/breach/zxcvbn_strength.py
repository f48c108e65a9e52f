"""Password strength through zxcvbn (the maintained Python port): a 0..4 guessability score."""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # the package ships no type hints

from core.identity.service_ports import StrengthEstimate


class ZxcvbnStrengthEstimator:
    """Scores up to ``max_length`` characters (the policy refuses longer input before asking)."""

    def __init__(self, max_length: int = 128) -> None:
        self._max_length = max_length

    def estimate(self, password: str, user_inputs: Sequence[str]) -> StrengthEstimate:
        result = zxcvbn(password[: self._max_length], user_inputs=list(user_inputs), max_length=self._max_length)
        feedback = result.get("feedback") or {}
        warning = feedback.get("warning") or ""
        hints = tuple(h for h in (warning, *feedback.get("suggestions", ())) if h)
        return StrengthEstimate(int(result["score"]), hints)

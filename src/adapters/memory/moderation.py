"""A deterministic moderator for tests and demos: scripted verdicts in call order, then a fixed default."""

from __future__ import annotations

import hashlib

from core.media.model import Classification, Verdict

_SCORE = {Classification.SAFE: 0.0, Classification.NEEDS_REVIEW: 0.5, Classification.UNSAFE: 1.0}


class ScriptedModerator:
    """Answers the scripted classifications one call at a time, then ``default``; ``failing`` raises instead.

    ``seen`` keeps the SHA-256 of every image it was shown, so tests can check what was moderated.
    """

    name = "scripted"

    def __init__(self, default: Classification = Classification.SAFE, *, failing: bool = False) -> None:
        self.default = default
        self.failing = failing
        self._next: list[Classification] = []
        self.seen: list[str] = []

    def then(self, *classifications: Classification) -> ScriptedModerator:
        self._next.extend(classifications)
        return self

    def classify(self, image: bytes) -> Verdict:
        self.seen.append(hashlib.sha256(image).hexdigest())
        if self.failing:
            raise RuntimeError("moderation backend is down")
        classification = self._next.pop(0) if self._next else self.default
        return Verdict(classification, self.name, (("scripted", _SCORE[classification]),))

"""What a review says: the stars and aspects of a rating and its text, checked against the side that writes it."""

from __future__ import annotations

from enum import StrEnum

import attrs

from core.shared.errors import InvalidInput
from core.shared.text import refusal

ASPECTS = ("communication", "punctuality", "quality")  # what a client rates a provider or studio on
MAX_TEXT = 2000
MAX_RESPONSE = 1000


class Side(StrEnum):
    """Who writes: the booking's client (reviewing the provider) or its provider (reviewing the client)."""

    CLIENT = "client"
    PROVIDER = "provider"

    @property
    def other(self) -> Side:
        return Side.PROVIDER if self is Side.CLIENT else Side.CLIENT


@attrs.frozen
class Rating:
    """Overall stars (1-5); a client's aspects (each 1-5, any of ``ASPECTS``); a provider's "would work again"."""

    overall: int
    aspects: tuple[tuple[str, int], ...] = ()
    would_work_again: bool | None = None

    def checked(self, side: Side) -> Rating:
        """This rating if ``side`` may give it; raises ``InvalidInput`` naming the offending field."""
        _stars("overall", self.overall)
        names = [name for name, _ in self.aspects]
        if side is Side.PROVIDER:
            if self.aspects:
                raise InvalidInput("aspects", "a provider rates a client overall only")
            if self.would_work_again is None:
                raise InvalidInput("would_work_again", "say whether you would work with this client again")
        elif self.would_work_again is not None:
            raise InvalidInput("would_work_again", "only a provider says this of a client")
        for name, stars in self.aspects:
            if name not in ASPECTS:
                raise InvalidInput(f"aspects.{name}", f"not one of {', '.join(ASPECTS)}")
            _stars(f"aspects.{name}", stars)
        if len(set(names)) != len(names):
            raise InvalidInput("aspects", "each aspect at most once")
        return attrs.evolve(self, aspects=tuple(sorted(self.aspects)))


def checked_text(field: str, text: str, limit: int) -> str:
    """``text`` without surrounding blanks; raises ``InvalidInput`` when empty, too long or unsafe."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput(field, "must not be empty")
    if len(stripped) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    if (why := refusal(stripped, multiline=True)) is not None:
        raise InvalidInput(field, why)
    return stripped


def _stars(field: str, stars: int) -> None:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidInput(field, "a whole number of stars from 1 to 5")

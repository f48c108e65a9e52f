"""Password policy (NIST SP 800-63B / ASVS V2.1): length in code points, strength, email, breaches."""

from __future__ import annotations

import unicodedata
from enum import Enum

import attrs

from core.identity.errors import BreachCheckUnavailable, PasswordRefusal, RefusalReason
from core.identity.service_ports import BreachedPasswords, StrengthEstimator


class BreachCheck(Enum):
    """What the breach check did, for the caller to log (fail-open and fail-closed are both logged)."""

    CLEAN = "clean"
    BREACHED = "breached"
    SKIPPED = "skipped"  # the password was too long to be worth checking
    UNAVAILABLE_ALLOWED = "unavailable-allowed"  # fail-open
    UNAVAILABLE_REFUSED = "unavailable-refused"  # fail-closed


@attrs.frozen
class PasswordPolicy:
    """The knobs. Defaults: 12 code points with a second factor, 15 without (NIST SP 800-63B-4).

    No composition rules, by design: length, strength and breach status are what resist guessing.
    """

    min_length_with_second_factor: int = 12
    min_length_without_second_factor: int = 15
    max_length: int = 128
    min_strength_score: int = 3  # zxcvbn's 0..4 scale
    breach_check_fail_open: bool = True
    # The local part must be at least this long before "contains" counts; equality always counts.
    email_local_part_min_match: int = 4

    def min_length(self, has_second_factor: bool) -> int:
        if has_second_factor:
            return self.min_length_with_second_factor
        return self.min_length_without_second_factor


@attrs.frozen
class PasswordVerdict:
    """Every refusal (empty when accepted) and what the breach check did."""

    refusals: tuple[PasswordRefusal, ...]
    breach_check: BreachCheck

    @property
    def accepted(self) -> bool:
        return not self.refusals


def normalise_password(password: str) -> str:
    """NFC, so the same typed password hashes the same from every keyboard and platform."""
    return unicodedata.normalize("NFC", password)


def _mentions_email(password: str, email: str, policy: PasswordPolicy) -> bool:
    folded = password.casefold()
    address = email.strip().casefold()
    local = address.split("@", 1)[0]
    if folded in (address, local):
        return True
    return address in folded or (len(local) >= policy.email_local_part_min_match and local in folded)


def _breach_check(password: str, breached: BreachedPasswords, policy: PasswordPolicy) -> BreachCheck:
    try:
        return BreachCheck.BREACHED if breached.is_breached(password) else BreachCheck.CLEAN
    except BreachCheckUnavailable:
        return BreachCheck.UNAVAILABLE_ALLOWED if policy.breach_check_fail_open else BreachCheck.UNAVAILABLE_REFUSED


def check_password(
    password: str,
    *,
    email: str,
    has_second_factor: bool,
    policy: PasswordPolicy,
    strength: StrengthEstimator,
    breached: BreachedPasswords,
) -> PasswordVerdict:
    """Check ``password`` against every rule and return all the refusals at once.

    A password over ``max_length`` is refused without the strength and breach checks, which are
    costly on long input (a denial-of-service lever) and pointless once refused.
    """
    candidate = normalise_password(password)
    length = len(candidate)  # code points after NFC, per NIST
    refusals: list[PasswordRefusal] = []
    if length > policy.max_length:
        refusal = PasswordRefusal(RefusalReason.TOO_LONG, limit=policy.max_length, actual=length)
        return PasswordVerdict((refusal,), BreachCheck.SKIPPED)
    minimum = policy.min_length(has_second_factor)
    if length < minimum:
        refusals.append(PasswordRefusal(RefusalReason.TOO_SHORT, limit=minimum, actual=length))
    if _mentions_email(candidate, email, policy):
        refusals.append(PasswordRefusal(RefusalReason.CONTAINS_EMAIL))
    local_part = email.strip().split("@", 1)[0]
    estimate = strength.estimate(candidate, user_inputs=(email, local_part))
    if estimate.score < policy.min_strength_score:
        refusals.append(
            PasswordRefusal(
                RefusalReason.TOO_WEAK,
                limit=policy.min_strength_score,
                actual=estimate.score,
                hints=estimate.hints,
            )
        )
    outcome = _breach_check(candidate, breached, policy)
    if outcome is BreachCheck.BREACHED:
        refusals.append(PasswordRefusal(RefusalReason.BREACHED))
    elif outcome is BreachCheck.UNAVAILABLE_REFUSED:
        refusals.append(PasswordRefusal(RefusalReason.BREACH_CHECK_UNAVAILABLE))
    return PasswordVerdict(tuple(refusals), outcome)

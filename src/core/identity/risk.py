"""The sign-in risk score: a pure sum of weighted signals, capped at 100."""

from __future__ import annotations

import attrs


@attrs.frozen
class RiskSignals:
    """What is unusual about this sign-in attempt."""

    new_device: bool
    new_country: bool
    new_asn: bool
    ip_attempts: int  # attempts from this IP in the velocity window
    accounts_from_ip: int  # distinct login keys tried from this IP in the window


@attrs.frozen
class RiskWeights:
    """Points per signal; with the defaults a new device from a new country and network (75), or a
    new device on an IP spraying many accounts (70), reaches the CAPTCHA threshold of 70."""

    new_device: int = 30
    new_country: int = 30
    new_asn: int = 15
    ip_velocity: int = 30
    ip_velocity_threshold: int = 20
    many_accounts: int = 40
    many_accounts_threshold: int = 5
    window_s: int = 15 * 60


def risk_score(signals: RiskSignals, weights: RiskWeights | None = None) -> int:
    """Return 0..100: higher is riskier."""
    w = weights or RiskWeights()
    score = 0
    score += w.new_device if signals.new_device else 0
    score += w.new_country if signals.new_country else 0
    score += w.new_asn if signals.new_asn else 0
    score += w.ip_velocity if signals.ip_attempts >= w.ip_velocity_threshold else 0
    score += w.many_accounts if signals.accounts_from_ip >= w.many_accounts_threshold else 0
    return min(score, 100)

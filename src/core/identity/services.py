"""What identity handlers are given: every port outside the unit of work, and every setting."""

from __future__ import annotations

import attrs

from core.identity.codes import CodeSettings
from core.identity.errors import RateLimited
from core.identity.passwords import PasswordPolicy
from core.identity.risk import RiskWeights
from core.identity.service_ports import (
    AccountNotifier,
    BreachedPasswords,
    CaptchaVerifier,
    LoginTelemetry,
    PasswordHasher,
    PhoneCodeSender,
    QrCodeRenderer,
    StrengthEstimator,
    TokenGenerator,
    TotpVerifier,
)
from core.identity.sessions import SessionSettings
from core.identity.signin import SignInSettings
from core.identity.totp import TotpSettings
from core.shared.clock import Clock, IdGenerator
from core.shared.rate_limit import RateLimiter


@attrs.frozen
class RateLimitRule:
    limit: int
    window_s: int


@attrs.frozen
class RateLimits:
    """Per IP and per identity (NTB-AUTH-010). Generous for people, tight for scripts."""

    signup_per_ip: RateLimitRule = RateLimitRule(10, 3600)
    login_per_ip: RateLimitRule = RateLimitRule(60, 600)
    login_per_identity: RateLimitRule = RateLimitRule(20, 600)
    reset_per_ip: RateLimitRule = RateLimitRule(10, 3600)
    reset_per_identity: RateLimitRule = RateLimitRule(3, 3600)
    code_per_ip: RateLimitRule = RateLimitRule(30, 600)
    code_per_identity: RateLimitRule = RateLimitRule(10, 600)


@attrs.frozen
class IdentitySettings:
    password: PasswordPolicy = attrs.field(factory=PasswordPolicy)
    sign_in: SignInSettings = attrs.field(factory=SignInSettings)
    risk: RiskWeights = attrs.field(factory=RiskWeights)
    codes: CodeSettings = attrs.field(factory=CodeSettings)
    sessions: SessionSettings = attrs.field(factory=SessionSettings)
    totp: TotpSettings = attrs.field(factory=TotpSettings)
    rate_limits: RateLimits = attrs.field(factory=RateLimits)


@attrs.frozen
class IdentityServices:
    """Built once by the composition root. ``pepper`` keys code and recovery-code HMACs (a secret
    from settings, >= 32 bytes); ``dummy_password_hash`` is hashed once at start-up with the real
    hasher so unknown and locked accounts cost the same as wrong passwords."""

    clock: Clock
    ids: IdGenerator
    hasher: PasswordHasher
    strength: StrengthEstimator
    breached: BreachedPasswords
    tokens: TokenGenerator
    totp: TotpVerifier
    qr: QrCodeRenderer
    rate_limiter: RateLimiter
    captcha: CaptchaVerifier
    telemetry: LoginTelemetry
    notifier: AccountNotifier
    pepper: bytes = attrs.field(repr=False)
    dummy_password_hash: str = attrs.field(repr=False)
    settings: IdentitySettings = attrs.field(factory=IdentitySettings)
    sms: PhoneCodeSender | None = None  # None: SMS codes are off (phone endpoints answer delivery-failed)

    def enforce(self, scope: str, subject: str, rule: RateLimitRule) -> None:
        """Count one request on ``scope:subject``; raise ``RateLimited`` (429 + Retry-After) if over."""
        decision = self.rate_limiter.hit(f"{scope}:{subject}", rule.limit, rule.window_s, self.clock.now())
        if not decision.allowed:
            raise RateLimited(scope, decision.retry_after_s)

    def enforce_code_attempt(self, ip: str, identity: str) -> None:
        """Count one try at a one-time code against the caller's IP and against the identity it is for (an email
        or a user id), so that neither many accounts from one place nor many places at one account can guess."""
        limits = self.settings.rate_limits
        self.enforce("code-ip", ip, limits.code_per_ip)
        self.enforce("code-identity", identity, limits.code_per_identity)

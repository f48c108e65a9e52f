"""Sign-in policy: failed attempts, lockout and when a CAPTCHA is needed (pure, time passed in)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs


@attrs.frozen
class SignInSettings:
    """5 failures within 15 minutes lock for 15 minutes; a CAPTCHA from the 3rd failure or risk >= 70."""

    max_failures: int = 5
    failure_window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)
    captcha_after_failures: int = 3
    captcha_risk_threshold: int = 70


@attrs.frozen
class SignInState:
    """Recent failures and the lock for one login key (normalised email, known account or not).

    Keying by the login key rather than the account makes an unknown email lock, and ask for a
    CAPTCHA, exactly like a real one: the answers never tell them apart.
    """

    login_key: str
    failures: tuple[datetime, ...] = ()
    locked_until: datetime | None = None
    version: int = 0  # the stored version this state was read at (0: never stored); saves check it

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def recent_failures(self, now: datetime, settings: SignInSettings) -> int:
        since = now - settings.failure_window
        return sum(1 for failed_at in self.failures if failed_at > since)

    def with_failure(self, now: datetime, settings: SignInSettings) -> SignInState:
        """Count a failure at ``now``; the last allowed one locks. Failures while locked change nothing."""
        if self.is_locked(now):
            return self
        since = now - settings.failure_window
        failures = (*(f for f in self.failures if f > since), now)
        if len(failures) >= settings.max_failures:
            return attrs.evolve(self, failures=failures, locked_until=now + settings.lockout)
        return attrs.evolve(self, failures=failures, locked_until=None)

    def cleared(self) -> SignInState:
        """The state after a successful sign-in or a password reset."""
        return attrs.evolve(self, failures=(), locked_until=None)


def captcha_required(state: SignInState, risk: int, now: datetime, settings: SignInSettings) -> bool:
    """True once ``captcha_after_failures`` recent failures are on record, or when ``risk`` is high.

    The lock lasts as long as the failure window, so when it ends its failures have left the window
    and the count starts again at zero.
    """
    if risk >= settings.captcha_risk_threshold:
        return True
    return state.recent_failures(now, settings) >= settings.captcha_after_failures

"""Sending the weekly digests: one ``with`` block (transaction) per recipient; the sent log makes a rerun send
nothing twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs

from core.onboarding.commands import SendWeeklyDigests, SetDigestPreferences
from core.onboarding.completeness import completeness
from core.onboarding.digests import CAP_WINDOW, DIGEST, DigestRun, Outcome, delivery, week_start, weekly_digest
from core.onboarding.eligibility import Thresholds
from core.onboarding.nudges import nudges
from core.onboarding.ports import DigestsUnitOfWork
from core.onboarding.weights import page_wizard
from core.profiles.visibility import changed_by
from core.shared.actor import require_staff
from core.shared.clock import Clock
from core.shared.errors import NotFound


def set_preferences(cmd: SetDigestPreferences, uow: DigestsUnitOfWork) -> None:
    """Record a recipient's consent and limits (the recipient is a profile id, its owner's to set). Raises
    ``NotFound`` for an unknown profile and for one the actor may not change."""
    with uow:
        changed_by(uow.profiles.get(cmd.preferences.recipient_id), cmd.actor)
        uow.preferences.put(cmd.preferences)
        uow.commit()


def _send_one(recipient_id: str, week: str, uow: DigestsUnitOfWork, clock: Clock, thresholds: Thresholds) -> Outcome:
    with uow:
        prefs = uow.preferences.get(recipient_id)
        if prefs is None:
            return Outcome.NO_CONSENT
        now = clock.now()
        outcome = delivery(prefs, now, already_sent=uow.sent.was_sent(recipient_id, DIGEST, week),
                           sent_last_7_days=uow.sent.count_since(recipient_id, now - CAP_WINDOW))  # fmt: skip
        if outcome is not Outcome.SEND:
            return outcome
        try:
            profile = uow.profiles.get(recipient_id)
        except NotFound:
            return Outcome.NO_CONSENT
        facts = uow.facts.facts_of(profile.id)
        score = completeness(profile, facts, page_wizard(profile))
        hints = nudges(score, facts, thresholds, published=profile.is_published) if prefs.nudge_consent else []
        uow.sent.mark(recipient_id, DIGEST, week, now)  # first: a concurrent duplicate fails here and rolls back
        uow.notifier.deliver(weekly_digest(prefs, week, profile.fields.display_name, score, hints))
        uow.commit()
        return Outcome.SEND


def send_weekly_digests(
    cmd: SendWeeklyDigests, uow: DigestsUnitOfWork, clock: Clock, thresholds: Thresholds
) -> DigestRun:
    """Send ``cmd.week``'s digest to every consenting recipient not yet sent it, each in a transaction of its
    own. Staff only (``StaffOnly``). Idempotent: a rerun sends only what an earlier run deferred (quiet hours)
    or could not send."""
    week_start(cmd.week)
    with uow:
        require_staff(cmd.actor)
        recipients = uow.preferences.recipients()
    outcomes = Counter(_send_one(r, cmd.week, uow, clock, thresholds).value for r in recipients)
    return DigestRun(cmd.week, dict(outcomes))


def digest_preferences_export(profile_ids: Sequence[str], uow: DigestsUnitOfWork) -> dict[str, Any]:
    """The digest consent, address, zone, quiet hours and cap of each given profile (the user's own)."""
    with uow.reading():
        found = [prefs for profile_id in profile_ids if (prefs := uow.preferences.get(profile_id)) is not None]
    return {"digest_preferences": [attrs.asdict(prefs) for prefs in found]}


def forget_recipients(profile_ids: Sequence[str], uow: DigestsUnitOfWork) -> list[str]:
    """No more digests for these profiles, and their address is forgotten (their owner deleted the account).
    Returns the profiles that had preferences to forget."""
    with uow:
        known = [profile_id for profile_id in profile_ids if uow.preferences.get(profile_id) is not None]
        for profile_id in known:
            uow.preferences.remove(profile_id)
        uow.commit()
    return known

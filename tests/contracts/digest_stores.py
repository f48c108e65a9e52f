"""The contract of the digests unit of work: preferences, the sent log (the idempotency guard), the notifier.

Subclass and provide ``new_uow`` over one shared, empty store with profile ``prf_0001`` present.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from core.onboarding.digests import Message, Preferences
from core.onboarding.ports import DigestsUnitOfWork
from core.onboarding.reminder_preferences import ReminderPreferences
from core.shared.errors import AlreadyExists
from tests.contracts.profile_repository import NOW, draft

NewDigestsUow = Callable[[], DigestsUnitOfWork]
PREFS = Preferences("prf_0001", "ana@example.com", True, True, "America/Los_Angeles", 1320, 480, 2)


class DigestStoresContract:
    @pytest.fixture
    def new_uow(self) -> NewDigestsUow:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def profile(self, new_uow: NewDigestsUow) -> None:
        with new_uow() as uow:
            uow.profiles.add(draft(1))
            uow.commit()

    def test_preferences_are_created_replaced_and_listed(self, new_uow: NewDigestsUow) -> None:
        with new_uow() as uow:
            assert uow.preferences.get("prf_0001") is None
            uow.preferences.put(PREFS)
            uow.preferences.put(Preferences("prf_0002", "bo@example.com"))
            uow.commit()
        with new_uow() as uow:
            assert uow.preferences.get("prf_0001") == PREFS
            uow.preferences.put(Preferences("prf_0001", "ana@example.com", max_per_week=5))
            uow.commit()
        with new_uow() as uow:
            assert uow.preferences.get("prf_0001") == Preferences("prf_0001", "ana@example.com", max_per_week=5)
            assert uow.preferences.recipients() == ["prf_0001", "prf_0002"]

    def test_preferences_are_forgotten_on_removal(self, new_uow: NewDigestsUow) -> None:
        with new_uow() as uow:
            uow.preferences.put(PREFS)
            uow.preferences.put(Preferences("prf_0002", "bo@example.com"))
            uow.commit()
        with new_uow() as uow:
            uow.preferences.remove("prf_0001")
            uow.preferences.remove("prf_nobody")  # idempotent: nothing to forget
            uow.commit()
        with new_uow() as uow:
            assert uow.preferences.get("prf_0001") is None
            assert uow.preferences.recipients() == ["prf_0002"]

    def test_reminder_preferences_are_kept_per_user_replaced_and_forgotten(self, new_uow: NewDigestsUow) -> None:
        mine = ReminderPreferences("usr_cleo", True, "Europe/Paris", 1380, 420)
        with new_uow() as uow:
            assert uow.reminder_preferences.get("usr_cleo") is None
            uow.reminder_preferences.put(mine)
            uow.reminder_preferences.put(ReminderPreferences("usr_bo"))
        with new_uow() as uow:  # not committed: nothing kept
            assert uow.reminder_preferences.get("usr_cleo") is None
            uow.reminder_preferences.put(mine)
            uow.reminder_preferences.put(ReminderPreferences("usr_bo"))
            uow.commit()
        with new_uow() as uow:
            assert uow.reminder_preferences.get("usr_cleo") == mine
            uow.reminder_preferences.put(ReminderPreferences("usr_cleo", False))
            uow.reminder_preferences.remove("usr_bo")
            uow.reminder_preferences.remove("usr_nobody")  # idempotent: nothing to forget
            uow.commit()
        with new_uow() as uow:
            assert uow.reminder_preferences.get("usr_cleo") == ReminderPreferences("usr_cleo", False)
            assert uow.reminder_preferences.get("usr_bo") is None

    def test_the_sent_log_refuses_a_second_send_and_counts_recent_ones(self, new_uow: NewDigestsUow) -> None:
        with new_uow() as uow:
            uow.sent.mark("prf_0001", "weekly_digest", "2026-W47", NOW - timedelta(days=8))
            uow.sent.mark("prf_0001", "weekly_digest", "2026-W48", NOW)
            uow.commit()
        with new_uow() as uow:
            assert uow.sent.was_sent("prf_0001", "weekly_digest", "2026-W48")
            assert not uow.sent.was_sent("prf_0001", "weekly_digest", "2026-W49")
            assert uow.sent.count_since("prf_0001", NOW - timedelta(days=7)) == 1
            with pytest.raises(AlreadyExists):
                uow.sent.mark("prf_0001", "weekly_digest", "2026-W48", NOW)

    def test_delivery_is_transactional(self, new_uow: NewDigestsUow) -> None:
        with new_uow() as uow:
            uow.sent.mark("prf_0001", "weekly_digest", "2026-W48", NOW)
            uow.notifier.deliver(Message("prf_0001", "ana@example.com", "Week", "Body"))
        with new_uow() as uow:
            assert not uow.sent.was_sent("prf_0001", "weekly_digest", "2026-W48")
